import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { aProposal, eventually, postForm, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, mails, waitForMail } from '../support/inbox.js';
import { startOwnCloud } from '../support/own-cloud.js';

/**
 * Timeouts need a cloud of their own: at TIME_SCALE 86400 a day lasts a second, so the
 * reminder comes after 3 s, the escalation after 5 s, the backup's window ends 3 s later,
 * and a revision may take 14 s.
 */
const TIME_SCALE = 86_400;
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';
const backup = 'sekretaris@bkpsdm.surakarta.go.id';
const head = 'kepala@bkpsdm.surakarta.go.id';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startOwnCloud('timeouts', TIME_SCALE);
});
afterAll(async () => cloud?.stop());

async function submit() {
  const proposal = aProposal();
  const { trackingUrl } = await submitProposalConfirmed(cloud.apiUrl, cloud.sesUrl, proposal);
  const first = await waitForMail(cloud.sesUrl, coordinator, new RegExp(proposal.title.slice(-12)));
  return { proposal, trackingUrl, first };
}

async function approve(link: string): Promise<Response> {
  const proof = proofIn(await (await fetch(link)).text());
  return postForm(link, { proof, decision: 'approve', comment: '' });
}

describe('timeouts of the proposal review', () => {
  it('reminds with the same link, escalates to the backup, then expires and tells the proposer', async () => {
    const { proposal, trackingUrl, first } = await submit();
    const link = linkIn(first, 'decide');
    const tag = new RegExp(proposal.title.slice(-12));

    const reminder = await waitForMail(cloud.sesUrl, coordinator, new RegExp(`(Pengingat|Reminder).*${proposal.title.slice(-12)}`), { timeoutMs: 15_000 });
    expect(linkIn(reminder, 'decide')).toBe(link);

    const escalation = await waitForMail(cloud.sesUrl, backup, tag, { timeoutMs: 15_000 });
    const backupLink = linkIn(escalation, 'decide');
    expect(backupLink).not.toBe(link);
    const old = await fetch(link);
    expect(old.status).toBe(410);
    expect(await old.text()).toMatch(/digantikan|replaced|baru/i);

    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.status).toBe('EXPIRED');
      return v;
    }, 20_000);
    expect(view.history.map((e) => e.type)).toEqual(['submitted', 'review-requested', 'reminder-sent', 'escalated', 'expired']);
    await waitForMail(cloud.sesUrl, proposal.contact.email, /berakhir|kedaluwarsa|ended|expired/i);
    expect((await fetch(backupLink)).status).toBe(410);
  });

  it('accepts a decision on the reminded link and moves to the next level', async () => {
    const { proposal, trackingUrl, first } = await submit();
    await waitForMail(cloud.sesUrl, coordinator, new RegExp(`(Pengingat|Reminder).*${proposal.title.slice(-12)}`), { timeoutMs: 15_000 });
    expect((await approve(linkIn(first, 'decide'))).status).toBe(200);
    await waitForMail(cloud.sesUrl, head, new RegExp(proposal.title.slice(-12)), { timeoutMs: 10_000 });
    const view = await track(trackingUrl);
    expect(view.history.filter((e) => e.type === 'decided').map((e) => e.level)).toEqual([1]);
    expect(view.history.some((e) => e.type === 'escalated')).toBe(false);
  });

  it('lets the backup approver decide after an escalation', async () => {
    const { proposal, trackingUrl } = await submit();
    const escalation = await waitForMail(cloud.sesUrl, backup, new RegExp(proposal.title.slice(-12)), { timeoutMs: 15_000 });
    expect((await approve(linkIn(escalation, 'decide'))).status).toBe(200);
    await waitForMail(cloud.sesUrl, head, new RegExp(proposal.title.slice(-12)), { timeoutMs: 10_000 });
    const decided = (await track(trackingUrl)).history.filter((e) => e.type === 'decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.by?.name).toBe('Sekretaris BKPSDM');
  });

  it('ends a proposal whose revision never comes', async () => {
    const { proposal, trackingUrl, first } = await submit();
    const proof = proofIn(await (await fetch(linkIn(first, 'decide'))).text());
    const before = (await mails(cloud.sesUrl)).length;
    expect((await postForm(linkIn(first, 'decide'), { proof, decision: 'revise', comment: 'Lengkapi anggaran.' })).status).toBe(200);
    const editMail = await waitForMail(cloud.sesUrl, proposal.contact.email, /perbaikan/i, { after: before });
    const editLink = linkIn(editMail, 'proposals/edit');
    await eventually(async () => expect((await track(trackingUrl)).status).toBe('EXPIRED'), 30_000);
    expect((await fetch(editLink)).status).toBe(410);
  });
});
