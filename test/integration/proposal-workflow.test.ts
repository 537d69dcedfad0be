import { describe, expect, inject, it } from 'vitest';
import { aProposal, eventually, postForm, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, mails, type StoredMail, waitForMail } from '../support/inbox.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';
const head = 'kepala@bkpsdm.surakarta.go.id';

/** Submits a proposal through the JSON API and returns its answer and the decision mail of level 1. */
async function submit(overrides = {}) {
  const proposal = aProposal(overrides);
  const body = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
  const mail = await decisionMail(coordinator, proposal.title);
  return { proposal, body, mail };
}

async function decisionMail(to: string, title: string, after = 0): Promise<StoredMail> {
  return waitForMail(sesUrl, to, new RegExp(escapeRegExp(title)), { after });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens a decision link, then presses a button on it as a person would. */
async function decide(link: string, decision: 'approve' | 'reject' | 'revise', comment = ''): Promise<Response> {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  return postForm(link, { proof: proofIn(await page.text()), decision, comment });
}

describe('the partnership proposal workflow on the local cloud', () => {
  it('approves a proposal through both levels and creates an active partnership', async () => {
    const { proposal, body, mail } = await submit();
    expect(body.status).toBe('UNCONFIRMED');
    await waitForMail(sesUrl, proposal.contact.email, /Usulan diterima/);

    const first = await decide(linkIn(mail, 'decide'), 'approve');
    expect(first.status).toBe(200);
    const second = await decisionMail(head, proposal.title);
    expect((await decide(linkIn(second, 'decide'), 'approve')).status).toBe(200);

    const view = await eventually(async () => {
      const v = await track(body.trackingUrl);
      expect(v.status).toBe('APPROVED');
      return v;
    });
    const decided = view.history.filter((e) => e.type === 'decided');
    expect(decided.map((e) => [e.level, e.action])).toEqual([
      [1, 'approve'],
      [2, 'approve'],
    ]);
    expect(decided[0]!.by?.name).toBe('Koordinator Kemitraan BKPSDM');
    await waitForMail(sesUrl, proposal.contact.email, /disetujui|approved/i);
    await waitForMail(sesUrl, coordinator, new RegExp(`${escapeRegExp(proposal.title)}`), { after: (await mails(sesUrl)).indexOf(mail) + 1 });
    const partnership = (await itemsContaining(inject('dynamoEndpoint'), inject('tableName'), proposal.contact.email)).find((i) =>
      String(i.pk).startsWith('PARTNERSHIP#'),
    );
    expect(partnership).toMatchObject({ status: 'ACTIVE', startDate: '2027-02-01', endDate: '2029-01-31', scopes: proposal.scopes });
  });

  it('rejects a proposal at the first level and tells the proposer why', async () => {
    const { proposal, body, mail } = await submit({ language: 'en' });
    expect((await decide(linkIn(mail, 'decide'), 'reject', 'Outside the <b>programme</b> scope')).status).toBe(200);
    await eventually(async () => expect((await track(body.trackingUrl)).status).toBe('REJECTED'));
    const told = await waitForMail(sesUrl, proposal.contact.email, /rejected|not approved/i);
    expect(told.body.text).toContain('Outside the <b>programme</b> scope');
    expect(told.body.html).toContain('Outside the &lt;b&gt;programme&lt;/b&gt; scope');
    expect(told.body.html).not.toContain('<b>programme</b>');
  });

  it('asks for a revision, takes the resubmission and restarts the chain at level 1', async () => {
    const { proposal, body, mail } = await submit();
    expect((await decide(linkIn(mail, 'decide'), 'revise', 'Tambahkan rencana anggaran.')).status).toBe(200);
    await eventually(async () => expect((await track(body.trackingUrl)).status).toBe('REVISION_REQUESTED'));

    const editMail = await waitForMail(sesUrl, proposal.contact.email, /perbaikan|revision/i);
    const editLink = linkIn(editMail, 'proposals/edit');
    const form = await fetch(editLink);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(proposal.title);
    expect(html).toContain('Tambahkan rencana anggaran.');

    const inboxSize = (await mails(sesUrl)).length;
    const revisedTitle = `${proposal.title} (revisi)`;
    const resubmit = await postForm(editLink, {
      proof: proofIn(html),
      'institution.name': proposal.institution.name,
      'institution.type': proposal.institution.type,
      'institution.pddiktiCode': proposal.institution.pddiktiCode ?? '',
      'contact.name': proposal.contact.name,
      'contact.email': proposal.contact.email,
      'contact.phone': '',
      title: revisedTitle,
      summary: `${proposal.summary} Anggaran: Rp 50.000.000.`,
      scopes: ['research', 'training'],
      startDate: proposal.startDate,
      durationMonths: '12',
      language: 'id',
    });
    expect(resubmit.status).toBe(303);
    expect(resubmit.headers.get('location')).toBe(body.trackingUrl);
    expect((await fetch(editLink)).status).toBe(409);

    const again = await decisionMail(coordinator, revisedTitle, inboxSize);
    expect((await decide(linkIn(again, 'decide'), 'approve')).status).toBe(200);
    const level2 = await decisionMail(head, revisedTitle, inboxSize);
    expect((await decide(linkIn(level2, 'decide'), 'approve')).status).toBe(200);
    // The status and its event are one transaction, but tracking reads them with two requests: wait for both.
    const view = await eventually(async () => {
      const v = await track(body.trackingUrl);
      expect(v.status).toBe('APPROVED');
      expect(v.history.map((e) => e.type)).toContain('approved');
      return v;
    });
    expect(view.round).toBe(2);
    expect(view.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['submitted', 'review-requested', 'decided', 'revision-requested', 'resubmitted', 'approved']),
    );
  });

  it('offers only approve and reject in the last allowed round', async () => {
    const { proposal, body, mail } = await submit();
    let link = linkIn(mail, 'decide');
    for (let round = 1; round <= 2; round++) {
      const asked = (await mails(sesUrl)).length;
      expect((await decide(link, 'revise', `Perbaikan ke-${round}`)).status).toBe(200);
      const editMail = await waitForMail(sesUrl, proposal.contact.email, /perbaikan/i, { after: asked });
      const editLink = linkIn(editMail, 'proposals/edit');
      const html = await eventually(async () => {
        const res = await fetch(editLink);
        expect(res.status).toBe(200);
        return res.text();
      });
      const before = (await mails(sesUrl)).length;
      const title = `${proposal.title} r${round + 1}`;
      const res = await postForm(editLink, {
        proof: proofIn(html),
        'institution.name': proposal.institution.name,
        'institution.type': proposal.institution.type,
        'contact.name': proposal.contact.name,
        'contact.email': proposal.contact.email,
        title,
        summary: proposal.summary,
        scopes: proposal.scopes,
        startDate: proposal.startDate,
        durationMonths: String(proposal.durationMonths),
        language: 'id',
      });
      expect(res.status).toBe(303);
      link = linkIn(await decisionMail(coordinator, title, before), 'decide');
    }
    const page = await (await fetch(link)).text();
    expect(page).toContain('value="approve"');
    expect(page).toContain('value="reject"');
    expect(page).not.toContain('value="revise"');
    const refused = await decide(link, 'revise', 'Sekali lagi');
    expect(refused.status).toBe(400);
    expect((await track(body.trackingUrl)).round).toBe(3);
  });
});
