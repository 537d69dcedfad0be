import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import type { PartnershipRecord } from '../../shared/kernel/partnerships/partnership.js';
import {
  approvedEmail,
  decisionRequestEmail,
  expiredEmail,
  partnershipNoticeEmail,
  type RenderedMail,
  receiptEmail,
  rejectedEmail,
  revisionRequestEmail,
} from '../../shared/proposals/proposal-emails.js';
import type { DecisionLink, Outcome, ProposalRecord } from '../../shared/proposals/proposal-records.js';
import { aDecisionLink, anOutcome, aProposalRecord, coordinator } from '../support/fixtures.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';
const trackingUrl = 'https://sinergi.example.go.id/track/TRACKtokenTRACKtokenTRACKtokenTRACKtokenTRA';
const decideUrl = 'https://sinergi.example.go.id/decide/DECIDEtokenDECIDEtokenDECIDEtokenDECIDEtoke';
const editUrl = 'https://sinergi.example.go.id/proposals/edit/EDITtokenEDITtokenEDITtokenEDITtokenEDITt';

/** The approver's pending link, in the approver's language. */
const aDecisionLinkIn = (language: Language, overrides: Partial<DecisionLink> = {}): DecisionLink =>
  aDecisionLink({ holder: { ...coordinator, language }, ...overrides });

/** The coordinator's decision with a note, on 2027-02-02 10:00 WIB: a request for revision unless `overrides` say otherwise. */
const aNotedOutcome = (overrides: Partial<Outcome> = {}): Outcome =>
  anOutcome({ action: 'revise', comment: 'Lengkapi jadwal kegiatan.', decidedAt: '2027-02-02T03:00:00.000Z', ...overrides });

function aPartnership(overrides: Partial<PartnershipRecord> = {}): PartnershipRecord {
  const proposal = aProposalRecord();
  return {
    id: 'ks-2027-001',
    proposalId: proposal.id,
    institution: proposal.data.institution,
    contact: proposal.data.contact,
    title: proposal.data.title,
    scopes: ['research', 'training'],
    startDate: '2027-03-01',
    endDate: '2029-02-28',
    status: 'ACTIVE',
    createdAt: '2027-02-05T03:00:00.000Z',
    ...overrides,
  };
}

const request = (kind: 'request' | 'reminder' | 'escalation', language: Language = 'id', proposal = aProposalRecord()) =>
  decisionRequestEmail({ proposal, link: aDecisionLinkIn(language), url: decideUrl, kind, chainLength: 2 });

const revision = (overrides: Partial<Parameters<typeof revisionRequestEmail>[0]> = {}) =>
  revisionRequestEmail({
    proposal: aProposalRecord(),
    decision: aNotedOutcome(),
    editUrl,
    trackingUrl,
    deadline: '2027-02-09T03:00:00.000Z',
    roundsLeft: 2,
    ...overrides,
  });

/** Every email, for a proposal, in the proposer's (or, for approvers and the coordinator, the given) language. */
function everyEmail(proposal: ProposalRecord, language: Language): Record<string, { mail: RenderedMail; url?: string }> {
  return {
    receipt: { mail: receiptEmail(proposal, trackingUrl), url: trackingUrl },
    decisionRequest: { mail: request('request', language, proposal), url: decideUrl },
    revision: { mail: revision({ proposal }), url: editUrl },
    rejected: { mail: rejectedEmail({ proposal, decision: aNotedOutcome({ action: 'reject' }), trackingUrl }), url: trackingUrl },
    approved: { mail: approvedEmail({ proposal, partnership: aPartnership(), trackingUrl }), url: trackingUrl },
    partnershipNotice: { mail: partnershipNoticeEmail({ proposal, partnership: aPartnership(), language }) },
    expired: { mail: expiredEmail({ proposal, trackingUrl, reason: 'no-decision' }), url: trackingUrl },
  };
}

describe('proposal emails', () => {
  const all = Object.entries(everyEmail(aProposalRecord(), 'id'));

  it.each(all)('%s: has a [Sinergi] subject naming the proposal and its institution', (_, { mail }) => {
    expect(mail.subject.startsWith('[Sinergi] ')).toBe(true);
    expect(mail.subject).toContain('Magang ASN di laboratorium kebijakan publik');
    expect(mail.subject).toContain('Universitas Sebelas Maret');
  });

  it.each(all)('%s: names the proposal and its institution in both bodies', (_, { mail }) => {
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Magang ASN di laboratorium kebijakan publik');
      expect(body).toContain('Universitas Sebelas Maret');
    }
  });

  it.each(all.filter(([, { url }]) => url))('%s: carries its link in the HTML and on a line of its own in the text', (_, { mail, url }) => {
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.text.split('\n')).toContain(url);
  });

  it.each(Object.entries(everyEmail(aProposalRecord({}, { title: markup, institution: { name: markup, type: 'other' }, summary: markup }), 'id')))(
    '%s: escapes a proposal title that contains markup in the HTML body',
    (_, { mail }) => {
      expect(mail.html).not.toContain('<script');
      expect(mail.html).toContain(escapedMarkup);
      expect(mail.text).toContain(markup);
    },
  );

  it('writes a subject on one line even when the title has line breaks', () => {
    expect(receiptEmail(aProposalRecord({}, { title: 'Baris satu\nBcc: x@y.id' }), trackingUrl).subject).not.toMatch(/[\r\n]/);
  });

  it('writes to the proposer in the language they chose', () => {
    const id = receiptEmail(aProposalRecord({}, { language: 'id' }), trackingUrl);
    const en = receiptEmail(aProposalRecord({}, { language: 'en' }), trackingUrl);
    expect(id.subject).toContain('Usulan diterima');
    expect(id.html).toContain('<html lang="id">');
    expect(id.text).toContain('Yth. Dr. Sri Wahyuni,');
    expect(en.subject).toContain('Proposal received');
    expect(en.html).toContain('<html lang="en">');
    expect(en.text).toContain('Dear Dr. Sri Wahyuni,');
    expect(en.text).not.toContain('Yth.');
  });
});

describe('decisionRequestEmail', () => {
  it('writes in the approver’s language, not the proposer’s', () => {
    const mail = request('request', 'en', aProposalRecord({}, { language: 'id' }));
    expect(mail.subject).toContain('Decision needed');
    expect(mail.text).toContain('Dear Bambang Koordinator,');
    expect(mail.text).toContain('Level 1 of 2 — BKPSDM coordinator');
  });

  it('gives the full context, the step and the deadline in WIB', () => {
    const mail = request('request');
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Tingkat 1 dari 2 — Koordinator BKPSDM');
      expect(body).toContain('4 Februari 2027 pukul 10.00 WIB');
      expect(body).toContain('001002');
      expect(body).toContain('sri@uns.ac.id');
      expect(body).toContain('Program magang tiga bulan.');
      expect(body).toContain('Penelitian, Magang');
      expect(body).toContain('24 bulan');
    }
  });

  it('says the link only opens a confirmation page', () => {
    expect(request('request').text).toContain('Tidak ada yang berubah sampai Anda memilih keputusan di halaman itu');
    expect(request('request', 'en').html).toContain('Nothing happens until you choose your decision there');
  });

  it('names only the choices the approver will find on the page', () => {
    const lastRound = decisionRequestEmail({
      proposal: aProposalRecord(),
      link: aDecisionLinkIn('en', { actions: ['approve', 'reject'] }),
      url: decideUrl,
      kind: 'request',
      chainLength: 2,
    });
    expect(lastRound.text).toContain('(Approve, Reject)');
    expect(request('request', 'en').text).toContain('(Approve, Reject, Ask for revision)');
  });

  it('marks a reminder in the subject', () => {
    expect(request('reminder').subject).toMatch(/^\[Sinergi\] Pengingat/);
    expect(request('reminder', 'en').subject).toMatch(/^\[Sinergi\] Reminder/);
    expect(request('request').subject).not.toContain('Pengingat');
  });

  it('tells the backup approver that the original approver did not respond', () => {
    const mail = decisionRequestEmail({
      proposal: aProposalRecord(),
      link: aDecisionLinkIn('en', { attempt: 'backup' }),
      url: decideUrl,
      kind: 'escalation',
      chainLength: 2,
    });
    expect(mail.text).toContain('did not decide before the deadline');
    expect(mail.text).toContain('backup approver');
    expect(request('request', 'en').text).not.toContain('backup approver');
  });
});

describe('revisionRequestEmail', () => {
  it('quotes the approver’s note, escaped in the HTML', () => {
    const mail = revision({ decision: aNotedOutcome({ comment: `Perbaiki ${markup}` }) });
    expect(mail.html).toContain(`Perbaiki ${escapedMarkup}`);
    expect(mail.html).not.toContain('<script');
    expect(mail.text).toContain(`> Perbaiki ${markup}`);
  });

  it('gives the deadline and both links', () => {
    const mail = revision();
    expect(mail.text).toContain('9 Februari 2027 pukul 10.00 WIB');
    expect(mail.text.split('\n')).toEqual(expect.arrayContaining([editUrl, trackingUrl]));
  });

  it('says when this is the last chance to revise', () => {
    expect(revision({ roundsLeft: 1 }).text).toContain('kesempatan perbaikan terakhir');
    expect(revision({ roundsLeft: 2 }).text).not.toContain('kesempatan perbaikan terakhir');
  });
});

describe('rejectedEmail', () => {
  it('gives the reason', () => {
    const mail = rejectedEmail({
      proposal: aProposalRecord({}, { language: 'en' }),
      decision: aNotedOutcome({ action: 'reject', comment: 'Outside our programme.' }),
      trackingUrl,
    });
    expect(mail.subject).toContain('not approved');
    expect(mail.text).toContain('Reason:\n> Outside our programme.');
    expect(mail.html).toContain('Outside our programme.');
  });
});

describe('approvedEmail', () => {
  it('lists the partnership’s scopes and validity dates', () => {
    const mail = approvedEmail({ proposal: aProposalRecord({}, { language: 'en' }), partnership: aPartnership(), trackingUrl });
    for (const body of [mail.html, mail.text]) {
      expect(body).toContain('Research, Training');
      expect(body).toContain('1 March 2027');
      expect(body).toContain('28 February 2029');
      expect(body).toContain('ks-2027-001');
    }
  });
});

describe('partnershipNoticeEmail', () => {
  it('writes to the coordinator in the language given, whatever the proposer chose', () => {
    const mail = partnershipNoticeEmail({ proposal: aProposalRecord({}, { language: 'id' }), partnership: aPartnership(), language: 'en' });
    expect(mail.subject).toContain('New partnership active');
    expect(mail.text).toContain('Dear BKPSDM coordinator,');
    expect(mail.text).toContain('sri@uns.ac.id');
  });
});

describe('expiredEmail', () => {
  it('tells apart a proposal nobody decided from one that was not revised', () => {
    const noDecision = expiredEmail({ proposal: aProposalRecord({}, { language: 'en' }), trackingUrl, reason: 'no-decision' });
    const noRevision = expiredEmail({ proposal: aProposalRecord({}, { language: 'en' }), trackingUrl, reason: 'no-revision' });
    expect(noDecision.text).toContain('did not receive a decision');
    expect(noRevision.text).toContain('revision was not sent');
    expect(noDecision.text).not.toContain('revision was not sent');
  });
});
