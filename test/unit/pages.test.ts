import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import { layout } from '../../shared/kernel/pages/layout.js';
import { errorPage, linkClosedPage, linkUsedPage } from '../../shared/kernel/pages/link-pages.js';
import type { DecisionView } from '../../shared/proposals/decisions.js';
import type { ProposalInput } from '../../shared/proposals/proposal.schema.js';
import { decisionDonePage, decisionPage, proposalFormPage, trackingPage } from '../../shared/proposals/proposal-pages.js';
import type { DecisionLink, Outcome, ProposalRecord } from '../../shared/proposals/proposal-records.js';
import type { TrackingView } from '../../shared/proposals/tracking.js';
import { aDecisionLink, anOutcome, aProposalInput, aProposalRecord } from '../support/fixtures.js';

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';

function aDecisionView(overrides: { link?: Partial<DecisionLink>; proposal?: Partial<ProposalRecord>; data?: Partial<ProposalInput> } = {}): DecisionView {
  return {
    link: aDecisionLink(overrides.link),
    proposal: aProposalRecord(overrides.proposal, overrides.data),
    chainLength: 2,
    proof: 'proof-value-123',
  };
}

function aTrackingView(overrides: Partial<TrackingView> = {}): TrackingView {
  return {
    id: 'p-1',
    type: 'proposal',
    status: 'REVISION_REQUESTED',
    title: 'Magang ASN',
    institution: 'Universitas Sebelas Maret',
    round: 1,
    submittedAt: '2027-02-01T03:00:00.000Z',
    updatedAt: '2027-02-02T03:00:00.000Z',
    history: [
      { at: '2027-02-01T03:00:00.000Z', type: 'submitted', by: { role: 'proposer', name: 'Sri' }, round: 1 },
      { at: '2027-02-01T04:00:00.000Z', type: 'review-requested', level: 1, round: 1 },
      {
        at: '2027-02-02T03:00:00.000Z',
        type: 'decided',
        by: { role: 'coordinator', name: 'Bambang' },
        action: 'revise',
        comment: 'Lengkapi jadwal.',
        level: 1,
        round: 1,
      },
    ],
    ...overrides,
  };
}

/** The opening tag of the element with this `name`, to look at its attributes. */
function tagNamed(html: string, name: string): string {
  const match = html.match(new RegExp(`<(?:input|select|textarea)[^>]*name="${name.replace('.', '\\.')}"[^>]*>`));
  if (!match) throw new Error(`no control named ${name}`);
  return match[0];
}

function attr(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

/** The radio buttons named `decision`, in order: value, label and whether the page checked it. */
function decisionRadios(html: string): { value: string; label: string; checked: boolean }[] {
  return [...html.matchAll(/<label class="choice" for="([^"]*)">(<input type="radio"[^>]*>) ([^<]*)<\/label>/g)]
    .filter((m) => attr(m[2] ?? '', 'name') === 'decision')
    .map((m) => ({ value: attr(m[2] ?? '', 'value') ?? '', label: m[3] ?? '', checked: /\schecked\b/.test(m[2] ?? '') }));
}

/** Every button of the page, as written. */
function buttons(html: string): string[] {
  return [...html.matchAll(/<button\b[^>]*>[^<]*<\/button>/g)].map((m) => m[0]);
}

describe('layout', () => {
  it('declares the page language and escapes the title', () => {
    const html = layout({ lang: 'en', title: markup, body: '<p>x</p>' });
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain(`<title>${escapedMarkup} · Sinergi</title>`);
    expect(html).not.toContain(markup);
  });

  it('shows the site name and a switch to the other language on the same path', () => {
    const id = layout({ lang: 'id', title: 'T', body: '', langSwitchPath: '/track/abc' });
    const en = layout({ lang: 'en', title: 'T', body: '', langSwitchPath: '/track/abc' });
    expect(id).toContain('Sinergi · BKPSDM Kota Surakarta');
    expect(id).toContain('href="/track/abc?lang=en"');
    expect(en).toContain('href="/track/abc?lang=id"');
  });

  it('leaves the language switch out when no path is given', () => {
    expect(layout({ lang: 'id', title: 'T', body: '' })).not.toContain('lang=en');
  });
});

describe('proposalFormPage', () => {
  it('carries the submission key it was given, escaped, and none when not given', () => {
    expect(proposalFormPage({ lang: 'id', mode: 'new', action: '/proposals', submissionKey: 'k-1"><b>' })).toContain(
      '<input type="hidden" name="submissionKey" value="k-1&quot;&gt;&lt;b&gt;">',
    );
    expect(proposalFormPage({ lang: 'id', mode: 'new', action: '/proposals' })).not.toContain('submissionKey');
  });

  const newForm = (lang: Language, extra: Partial<Parameters<typeof proposalFormPage>[0]> = {}) =>
    proposalFormPage({ lang, mode: 'new', action: '/proposals/new', ...extra });

  it('is in Indonesian or English as asked', () => {
    const id = newForm('id');
    const en = newForm('en');
    expect(id).toContain('<html lang="id">');
    expect(id).toContain('Kirim usulan');
    expect(id).toContain('Penelitian');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Submit proposal');
    expect(en).toContain('Internship');
    expect(en).not.toContain('Kirim usulan');
  });

  it('posts url-encoded fields with the names the server reads', () => {
    const html = newForm('id');
    expect(html).toMatch(/<form method="post" action="\/proposals\/new" enctype="application\/x-www-form-urlencoded"/);
    for (const name of [
      'institution.name',
      'institution.type',
      'institution.pddiktiCode',
      'contact.name',
      'contact.email',
      'contact.phone',
      'title',
      'summary',
      'startDate',
      'durationMonths',
      'language',
    ])
      expect(tagNamed(html, name)).toBeTruthy();
    expect(html.match(/type="checkbox"[^>]*name="scopes"/g)).toHaveLength(3);
    expect(tagNamed(html, 'startDate')).toContain('type="date"');
  });

  it('binds every label to its control', () => {
    const html = newForm('en');
    const controlIds = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    const labelFors = [...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]);
    expect(controlIds.length).toBeGreaterThan(10);
    expect(labelFors.sort()).toEqual(controlIds.sort());
  });

  it('marks required fields and leaves optional ones unmarked', () => {
    const html = newForm('id');
    expect(tagNamed(html, 'contact.email')).toContain(' required');
    expect(tagNamed(html, 'contact.phone')).not.toContain(' required');
    expect(html).toContain('(wajib)');
  });

  it('keeps the values that were sent', () => {
    const html = newForm('en', {
      values: aProposalInput({ language: 'en', scopes: ['training'], summary: 'Program magang tiga bulan.\nDengan penelitian bersama.' }),
    });
    expect(attr(tagNamed(html, 'institution.name'), 'value')).toBe('Universitas Sebelas Maret');
    expect(attr(tagNamed(html, 'contact.email'), 'value')).toBe('sri@uns.ac.id');
    expect(attr(tagNamed(html, 'durationMonths'), 'value')).toBe('24');
    expect(attr(tagNamed(html, 'startDate'), 'value')).toBe('2027-03-01');
    expect(html).toContain('Program magang tiga bulan.\nDengan penelitian bersama.</textarea>');
    expect(html).toMatch(/<option value="university" selected>/);
    expect(html).toMatch(/value="training" checked/);
    expect(html).not.toMatch(/value="research" checked/);
  });

  it('chooses the page language for emails unless another was chosen', () => {
    expect(newForm('en')).toMatch(/<option value="en" lang="en" selected>/);
    expect(newForm('en', { values: { language: 'id' } })).toMatch(/<option value="id" lang="id" selected>/);
  });

  it('renders values of the wrong shape without failing', () => {
    const html = newForm('id', {
      values: { institution: 'not an object', contact: { email: 42 }, scopes: 'research', durationMonths: { n: 1 }, title: ['x'] },
    });
    expect(attr(tagNamed(html, 'contact.email'), 'value')).toBe('42');
    expect(attr(tagNamed(html, 'title'), 'value')).toBe('');
    expect(attr(tagNamed(html, 'durationMonths'), 'value')).toBe('');
    expect(html).toMatch(/value="research" checked/);
  });

  it('escapes what a person typed into inputs and the textarea', () => {
    const html = newForm('id', { values: { title: `"><script>alert(1)</script>`, summary: `</textarea>${markup}` } });
    expect(html).not.toContain('<script');
    expect(attr(tagNamed(html, 'title'), 'value')).toBe(`&quot;&gt;${escapedMarkup}`);
    expect(html).toContain(`&lt;/textarea&gt;${escapedMarkup}</textarea>`);
  });

  it('shows a summary of the issues and each message beside its field', () => {
    const html = newForm('en', {
      values: { contact: { email: 'nope' } },
      issues: [
        { path: 'contact.email', message: 'Not a valid email address.' },
        { path: 'scopes[1]', message: 'Choose each scope once.' },
        { path: '', message: 'Unknown field(s): extra.' },
      ],
    });
    const alert = html.match(/<div class="alert" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(alert).toContain('<a href="#f-contact-email">Contact email</a>: Not a valid email address.');
    expect(alert).toContain('<a href="#f-scopes">Scope</a>: Choose each scope once.');
    expect(alert).toContain('<li>Unknown field(s): extra.</li>');

    const email = tagNamed(html, 'contact.email');
    expect(attr(email, 'aria-invalid')).toBe('true');
    const describedBy = attr(email, 'aria-describedby')?.split(' ') ?? [];
    const messageId = describedBy.find((id) => html.includes(`id="${id}">Not a valid email address.`));
    expect(messageId).toBeDefined();
    expect(attr(tagNamed(html, 'contact.name'), 'aria-invalid')).toBeUndefined();
    expect(html).toMatch(/<input type="checkbox"[^>]*name="scopes"[^>]*aria-invalid="true"/);
  });

  it('escapes field messages', () => {
    const html = newForm('id', { issues: [{ path: 'title', message: markup }] });
    expect(html).not.toContain('<script');
    expect(html).toContain(escapedMarkup);
  });

  it('in edit mode carries the page proof, shows the approver’s note and the deadline in WIB', () => {
    const html = proposalFormPage({
      lang: 'id',
      mode: 'edit',
      action: '/proposals/edit/tok',
      values: aProposalInput(),
      proof: 'proof-abc',
      revisionComment: `Tambahkan jadwal ${markup}`,
      deadline: '2027-02-10T03:00:00.000Z',
    });
    expect(html).toContain('<input type="hidden" name="proof" value="proof-abc">');
    expect(html).toContain(`Tambahkan jadwal ${escapedMarkup}`);
    expect(html).not.toContain('<script');
    expect(html).toContain('10 Februari 2027 pukul 10.00 WIB');
    expect(html).toContain('Kirim perbaikan');
    expect(html).not.toContain('Kirim usulan');
  });

  it('has no proof field in new mode', () => {
    expect(newForm('id')).not.toContain('name="proof"');
  });
});

describe('trackingPage', () => {
  it('names the role whose step an entry was', () => {
    const view = aTrackingView({ history: [{ at: '2027-02-01T03:00:00.000Z', type: 'review-requested', level: 2, role: 'head' }] });
    expect(trackingPage({ lang: 'id', view })).toContain('Tingkat 2 (Kepala Badan)');
    expect(trackingPage({ lang: 'en', view })).toContain('Level 2 (Head of agency)');
  });

  it('shows the status as a localized badge', () => {
    expect(trackingPage({ lang: 'id', view: aTrackingView() })).toMatch(/class="badge REVISION_REQUESTED">Perlu perbaikan</);
    expect(trackingPage({ lang: 'en', view: aTrackingView({ status: 'APPROVED' }) })).toMatch(/class="badge APPROVED">Approved</);
  });

  it('lists the history in order with localized events, roles, decisions and WIB times', () => {
    const html = trackingPage({ lang: 'id', view: aTrackingView() });
    const list = html.match(/<ol class="history">[\s\S]*<\/ol>/)?.[0] ?? '';
    const items = list.split('<li>').slice(1);
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('Usulan diajukan');
    expect(items[0]).toContain('Pengusul (Sri)');
    expect(items[0]).toContain('1 Februari 2027 pukul 10.00 WIB');
    expect(items[1]).toContain('Sistem');
    expect(items[2]).toContain('Koordinator BKPSDM (Bambang)');
    expect(items[2]).toContain('Minta perbaikan');
    expect(items[2]).toContain('Lengkapi jadwal.');
  });

  it('shows a role it does not know as it is', () => {
    const html = trackingPage({
      lang: 'en',
      view: aTrackingView({ history: [{ at: '2027-02-01T03:00:00.000Z', type: 'decided', by: { role: 'deputy-head' } }] }),
    });
    expect(html).toContain('deputy-head');
  });

  it('escapes the title, institution, names and comments', () => {
    const html = trackingPage({
      lang: 'en',
      view: aTrackingView({
        title: markup,
        institution: markup,
        history: [{ at: '2027-02-01T03:00:00.000Z', type: 'decided', by: { role: 'head', name: markup }, comment: markup }],
      }),
    });
    expect(html).not.toContain('<script');
    expect(html).toContain(escapedMarkup);
  });
});

describe('decisionPage', () => {
  it('shows the full context of the proposal and the step', () => {
    const html = decisionPage({
      lang: 'id',
      view: aDecisionView({ data: { institution: { name: 'Institut Teknologi Solo', type: 'institute', pddiktiCode: '001002' } } }),
    });
    for (const text of [
      'Institut Teknologi Solo',
      'Institut / sekolah tinggi',
      '001002',
      'Dr. Sri Wahyuni',
      'sri@uns.ac.id',
      '+62 271 646994',
      'Magang ASN di laboratorium kebijakan publik',
      'Penelitian, Magang',
      '1 Maret 2027',
      '24 bulan',
      'Tingkat 1 dari 2 — Koordinator BKPSDM',
      'Bambang Koordinator',
      '4 Februari 2027 pukul 10.00 WIB',
    ])
      expect(html).toContain(text);
  });

  it('explains that opening the page changes nothing', () => {
    expect(decisionPage({ lang: 'en', view: aDecisionView() })).toContain('Opening this page changes nothing');
  });

  it('posts one form with the page proof as a hidden field', () => {
    const html = decisionPage({ lang: 'id', view: aDecisionView() });
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toMatch(/<form method="post"/);
    expect(html).toContain('<input type="hidden" name="proof" value="proof-value-123">');
    expect(html).toContain('<textarea id="f-comment" name="comment"');
  });

  it('offers a radio button for each allowed action only, with none chosen', () => {
    const all = decisionPage({ lang: 'en', view: aDecisionView() });
    expect(decisionRadios(all)).toEqual([
      { value: 'approve', label: 'Approve', checked: false },
      { value: 'reject', label: 'Reject', checked: false },
      { value: 'revise', label: 'Ask for revision', checked: false },
    ]);
    expect(all).not.toMatch(/\schecked\b/);

    const lastRound = decisionPage({ lang: 'id', view: aDecisionView({ link: { actions: ['approve', 'reject'] } }) });
    expect(decisionRadios(lastRound).map((r) => [r.value, r.label])).toEqual([
      ['approve', 'Setujui'],
      ['reject', 'Tolak'],
    ]);
    expect(lastRound).not.toContain('value="revise"');
    expect(lastRound).not.toMatch(/\schecked\b/);
  });

  it.each([
    ['id', 'Kirim keputusan'],
    ['en', 'Send decision'],
  ] as const)('has exactly one submit button, which carries no decision of its own (%s)', (lang, send) => {
    const html = decisionPage({ lang, view: aDecisionView() });
    expect(buttons(html)).toEqual([`<button type="submit">${send}</button>`]);
    expect(html).not.toMatch(/<input[^>]*type="(?:submit|image)"/);
  });

  it('asks for the decision in a fieldset with a legend, each radio tied to its label, hint and message', () => {
    const html = decisionPage({ lang: 'id', view: aDecisionView() });
    expect(html).toMatch(/<fieldset id="f-decision">\n<legend>Apa keputusan Anda\? <span class="req">\(wajib\)<\/span><\/legend>/);
    expect(html).toContain('<p class="hint" id="f-decision-hint">Pilih satu, lalu tekan “Kirim keputusan”.</p>');
    for (const value of ['approve', 'reject', 'revise']) {
      const radio = html.match(new RegExp(`<label class="choice" for="f-decision-${value}"><input type="radio" id="f-decision-${value}"[^>]*>`))?.[0] ?? '';
      expect(attr(radio, 'name')).toBe('decision');
      expect(attr(radio, 'aria-describedby')).toBe('f-decision-hint');
    }
    expect(attr(tagNamed(html, 'comment'), 'aria-describedby')).toBe('f-comment-hint');
    expect(html).toContain('<p class="hint" id="f-comment-hint">Wajib diisi untuk “Tolak” atau “Minta perbaikan”. Opsional bila menyetujui.</p>');
    expect(decisionPage({ lang: 'en', view: aDecisionView({ link: { actions: ['approve', 'reject'] } }) })).toContain(
      'Required for “Reject”. Optional when approving.',
    );
  });

  it('puts the choice first, then the comment, then the one button, in one form that the server checks', () => {
    const html = decisionPage({ lang: 'en', view: aDecisionView() });
    const form = html.slice(html.indexOf('<form '), html.indexOf('</form>'));
    const order = ['name="proof"', 'name="decision"', 'name="comment"', '<button type="submit">'].map((marker) => form.indexOf(marker));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The browser's own check would stop the request in its language; the page's 400 says it in the reader's.
    expect(html).toMatch(/<form method="post" aria-labelledby="decide-title" novalidate>/);
    expect(html).toContain('choose one below and press “Send decision”');
  });

  it('asks to choose after a POST without a decision, keeping the comment typed and choosing nothing', () => {
    const html = decisionPage({
      lang: 'en',
      view: aDecisionView(),
      comment: 'Looks good',
      issues: [{ path: 'decision', message: 'Choose one decision: Approve, Reject or Ask for revision.' }],
    });
    expect(html).toContain('<a href="#f-decision">Your decision</a>: Choose one decision: Approve, Reject or Ask for revision.');
    expect(html).toContain('<p class="error" id="f-decision-error">Choose one decision: Approve, Reject or Ask for revision.</p>');
    expect(html.match(/<input type="radio"[^>]*aria-invalid="true" aria-describedby="f-decision-hint f-decision-error"/g)).toHaveLength(3);
    expect(html).toContain('>Looks good</textarea>');
    expect(decisionRadios(html).some((r) => r.checked)).toBe(false);
  });

  it('keeps the choice a person made when the page comes back with a message', () => {
    const html = decisionPage({
      lang: 'id',
      view: aDecisionView(),
      decision: 'reject',
      issues: [{ path: 'comment', message: 'Tuliskan alasannya untuk pengusul.' }],
    });
    expect(decisionRadios(html).map((r) => [r.value, r.checked])).toEqual([
      ['approve', false],
      ['reject', true],
      ['revise', false],
    ]);
  });

  it('contains no script and nothing that submits by itself', () => {
    const html = decisionPage({ lang: 'id', view: aDecisionView() });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/http-equiv="refresh"/i);
  });

  it('says so when the request was escalated to the backup approver', () => {
    expect(decisionPage({ lang: 'en', view: aDecisionView({ link: { attempt: 'backup' } }) })).toContain('backup approver');
    expect(decisionPage({ lang: 'en', view: aDecisionView() })).not.toContain('backup approver');
  });

  it('escapes the proposal that people typed', () => {
    const html = decisionPage({ lang: 'id', view: aDecisionView({ data: { title: markup, summary: markup, institution: { name: markup, type: 'other' } } }) });
    expect(html).not.toContain('<script');
    expect(html).toContain(escapedMarkup);
  });

  it('shows issues and keeps the comment that was typed', () => {
    const html = decisionPage({
      lang: 'id',
      view: aDecisionView(),
      comment: `Alasan ${markup}`,
      issues: [{ path: 'comment', message: 'Tuliskan alasannya untuk pengusul.' }],
    });
    expect(html).toMatch(/role="alert"[\s\S]*Tuliskan alasannya untuk pengusul\./);
    expect(html).toContain(`Alasan ${escapedMarkup}</textarea>`);
    expect(attr(tagNamed(html, 'comment'), 'aria-invalid')).toBe('true');
    expect(attr(tagNamed(html, 'comment'), 'aria-describedby')).toContain('f-comment-error');
  });
});

describe('decisionDonePage', () => {
  const result = (outcome: Outcome) => ({ outcome, proposal: aProposalRecord(), link: aDecisionLink() });

  it('says what was recorded, with the comment escaped', () => {
    const html = decisionDonePage({ lang: 'en', result: result(anOutcome({ action: 'reject', comment: markup })) });
    expect(html).toContain('Rejected');
    expect(html).toContain(escapedMarkup);
    expect(html).not.toContain('<script');
    expect(html).toContain('The proposer is told by email');
  });

  it('says what happens next for each decision', () => {
    expect(decisionDonePage({ lang: 'id', result: result(anOutcome({ action: 'revise', comment: 'x' })) })).toContain('tautan untuk memperbaiki');
    expect(decisionDonePage({ lang: 'en', result: result(anOutcome()), chainLength: 2 })).toContain('level 2 of 2');
    expect(decisionDonePage({ lang: 'en', result: { ...result(anOutcome()), link: aDecisionLink({ level: 2 }) }, chainLength: 2 })).toContain(
      'partnership becomes active',
    );
  });
});

describe('linkUsedPage', () => {
  it('names who decided, what and when', () => {
    const html = linkUsedPage({ lang: 'en', outcome: anOutcome({ decidedBy: { name: 'Ibu Rina', email: 'rina@surakarta.go.id' } }) });
    expect(html).toContain('Already decided by <strong>Ibu Rina</strong>');
    expect(html).toContain('Approved');
    expect(html).toContain('1 February 2027 at 10:00 WIB');
    expect(html).not.toContain('rina@surakarta.go.id');
  });

  it('speaks Indonesian to an Indonesian reader', () => {
    expect(linkUsedPage({ lang: 'id', outcome: anOutcome({ action: 'reject' }) })).toContain(
      'Keputusan sudah diberikan oleh <strong>Bambang Koordinator</strong>: <strong>Tolak</strong>',
    );
  });

  it('falls back to a general explanation when the outcome is unknown', () => {
    expect(linkUsedPage({ lang: 'en' })).toContain('A decision was already recorded through this link');
  });

  it('escapes the name of who decided', () => {
    const html = linkUsedPage({ lang: 'id', outcome: anOutcome({ decidedBy: { name: markup, email: 'x@y.id' } }) });
    expect(html).not.toContain('<script');
    expect(html).toContain(escapedMarkup);
  });
});

describe('linkClosedPage', () => {
  it('sends a reader of an expired link to the coordinator', () => {
    const html = linkClosedPage({ lang: 'en', reason: 'expired' });
    expect(html).toContain('has expired');
    expect(html).toContain('bkpsdm@surakarta.go.id');
  });

  it('sends a reader of a superseded link to the latest email', () => {
    const html = linkClosedPage({ lang: 'id', reason: 'superseded' });
    expect(html).toContain('penyetuju cadangan');
    expect(html).toContain('email terbaru');
    expect(html).not.toContain('kedaluwarsa');
  });
});

describe('errorPage', () => {
  it('titles the page by its status and escapes the message', () => {
    const html = errorPage({ lang: 'en', statusCode: 404, message: markup });
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain(escapedMarkup);
    expect(html).not.toContain('<script');
  });

  it('gives a general title to server errors', () => {
    expect(errorPage({ lang: 'id', statusCode: 500, message: 'x' })).toContain('<h1>Terjadi kesalahan</h1>');
  });
});
