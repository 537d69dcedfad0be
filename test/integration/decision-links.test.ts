import { describe, expect, inject, it } from 'vitest';
import { aProposal, eventually, postForm, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';

async function proposalWaitingForCoordinator() {
  const proposal = aProposal();
  const { trackingUrl, id } = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
  const mail = await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.')));
  return { proposal, trackingUrl, id, link: linkIn(mail, 'decide') };
}

/** The coordinator's (level 1) decision link of a proposal, as stored; later levels have links of their own. */
async function linkRecord(id: string) {
  const items = await itemsContaining(inject('dynamoEndpoint'), inject('tableName'), id);
  return items.filter((i) => String(i.pk).startsWith('LINK#') && i.kind === 'step' && i.stepId === `${id}:r1:l1:primary`);
}

describe('decision links', () => {
  it('shows a confirmation page on GET and HEAD, ten times, and changes nothing', async () => {
    const { link, trackingUrl, id } = await proposalWaitingForCoordinator();
    const before = await track(trackingUrl);
    for (let i = 0; i < 10; i++) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag')).toContain('noindex');
      expect(await res.text()).not.toContain('<script');
    }
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const after = await track(trackingUrl);
    expect(after.status).toBe('IN_REVIEW');
    expect(after.history).toEqual(before.history);
    const [record] = await linkRecord(id);
    expect(record).toMatchObject({ state: 'PENDING' });
    expect(record?.outcome).toBeUndefined();
  });

  it('applies exactly one of 20 concurrent decisions on one link', async () => {
    const { link, trackingUrl, id } = await proposalWaitingForCoordinator();
    const proof = proofIn(await (await fetch(link)).text());
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postForm(link, { proof, decision: i % 2 ? 'approve' : 'reject', comment: `klik ${i}` })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);

    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.history.filter((e) => e.type === 'decided')).toHaveLength(1);
      return v;
    });
    const [decided] = view.history.filter((e) => e.type === 'decided');
    const [record] = await linkRecord(id);
    expect(record).toMatchObject({ state: 'USED', outcome: { action: decided!.action } });
  });

  it('answers a second use with 409 and says who decided what', async () => {
    const { link } = await proposalWaitingForCoordinator();
    const proof = proofIn(await (await fetch(link)).text());
    expect((await postForm(link, { proof, decision: 'approve', comment: '' })).status).toBe(200);
    const again = await postForm(link, { proof, decision: 'reject', comment: 'terlambat' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Koordinator Kemitraan BKPSDM');
    expect((await fetch(link)).status).toBe(409);
  });

  it('refuses a POST from another origin or without the page value, and keeps the link open', async () => {
    const { link, id } = await proposalWaitingForCoordinator();
    const proof = proofIn(await (await fetch(link)).text());
    const foreign = await postForm(link, { proof, decision: 'approve', comment: '' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const noOrigin = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `proof=${proof}&decision=approve`,
    });
    expect(noOrigin.status).toBe(403);
    const forged = await postForm(link, { proof: `${Date.now()}.${'A'.repeat(43)}`, decision: 'approve', comment: '' });
    expect(forged.status).toBe(403);
    const missingReason = await postForm(link, { proof, decision: 'reject', comment: '' });
    expect(missingReason.status).toBe(400);
    expect(await missingReason.text()).toContain('alasan');
    const [record] = await linkRecord(id);
    expect(record).toMatchObject({ state: 'PENDING' });
  });

  it('answers 404 for an unknown or malformed token', async () => {
    expect((await fetch(`${apiUrl}/decide/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/decide/short`)).status).toBe(404);
    expect((await postForm(`${apiUrl}/decide/${'B'.repeat(43)}`, { proof: 'x', decision: 'approve' })).status).toBe(404);
    expect((await fetch(`${apiUrl}/api/track/${'C'.repeat(43)}`)).status).toBe(404);
  });
});
