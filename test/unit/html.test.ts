import { join as joinPath } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import * as confirmationMails from '../../shared/kernel/mail/confirmation-mail.js';
import * as confirmPages from '../../shared/kernel/pages/confirm-pages.js';
import { html, join, multiline, type SafeHtml, trusted } from '../../shared/kernel/pages/html.js';
import { layout } from '../../shared/kernel/pages/layout.js';
import * as linkPages from '../../shared/kernel/pages/link-pages.js';
import * as partnerEmails from '../../shared/kernel/partnerships/partner-emails.js';
import type { PartnershipRecord } from '../../shared/kernel/partnerships/partnership.js';
import type { StepName } from '../../shared/placements/placement.schema.js';
import * as placementEmails from '../../shared/placements/placement-emails.js';
import * as placementPages from '../../shared/placements/placement-pages.js';
import type { ApplicationRecord, PlacementOutcome, PlacementStepLink } from '../../shared/placements/placement-records.js';
import type { ApplicationTrackingView, CatalogueItem, PartnerView, StepView } from '../../shared/placements/views.js';
import * as proposalEmails from '../../shared/proposals/proposal-emails.js';
import * as proposalPages from '../../shared/proposals/proposal-pages.js';
import type { TrackingView } from '../../shared/proposals/tracking.js';
import { aConfirmLink, aDecisionLink, anApplicationRecord, anOutcome, aPlacementRecord, aProposalRecord } from '../support/fixtures.js';
import { layeredSources } from '../support/layout.js';

const render = (markup: SafeHtml) => markup.toString();

describe('html`…`', () => {
  it('escapes the five characters that can break out of text or attributes', () => {
    expect(render(html`${`<a href="x">Tom & Jerry's</a>`}`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('escapes a value alike in text and in a quoted attribute, and keeps the literal markup as written', () => {
    const typed = `"><script>alert('x')</script>&`;
    expect(render(html`<p title="${typed}">${typed}</p>`)).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('turns undefined, null and false into nothing and numbers into text', () => {
    expect(render(html`${undefined}`)).toBe('');
    expect(render(html`${null}`)).toBe('');
    expect(render(html`[${false}]`)).toBe('[]');
    expect(render(html`${42}`)).toBe('42');
    expect(render(html`${0}`)).toBe('0');
  });

  it('puts markup made by html`…` in as it is, without escaping it twice', () => {
    const inner = html`<strong>${'Tom & Jerry'}</strong>`;
    expect(render(html`<p>${inner}</p>`)).toBe('<p><strong>Tom &amp; Jerry</strong></p>');
    expect(render(html`<div>${html`<p>${inner}</p>`}</div>`)).toBe('<div><p><strong>Tom &amp; Jerry</strong></p></div>');
  });

  it('joins a list without a separator, escaping each item that is not markup', () => {
    expect(render(html`<ul>${['<li>typed</li>', html`<li>${'a<b'}</li>`, [html`<li>x</li>`, '&']]}</ul>`)).toBe(
      '<ul>&lt;li&gt;typed&lt;/li&gt;<li>a&lt;b</li><li>x</li>&amp;</ul>',
    );
    expect(render(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('does not take an object for markup because it looks like one', () => {
    const lookalike = { toString: () => '<script>alert(1)</script>' };
    expect(render(html`${lookalike as never}`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('does not take a string object for markup either: only html`…` and its helpers make markup', () => {
    expect(render(html`${new String('<script>alert(1)</script>') as never}`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders as its markup wherever a string is wanted', () => {
    expect(`${html`<b>${'<'}</b>`}`).toBe('<b>&lt;</b>');
    expect(String(html`<i></i>`)).toBe('<i></i>');
  });
});

describe('join', () => {
  it('puts the separator between items, escaping text and keeping markup', () => {
    expect(render(join(['a<b', html`<br>`, 'c'], ' & '))).toBe('a&lt;b &amp; <br> &amp; c');
    expect(render(join([html`<li>1</li>`, html`<li>2</li>`], html`\n`))).toBe('<li>1</li>\n<li>2</li>');
    expect(render(join([], ', '))).toBe('');
  });
});

describe('multiline', () => {
  it('escapes the text and keeps each kind of line break as <br>', () => {
    expect(render(multiline('<b>one</b>\ntwo\r\nthree\rfour'))).toBe('&lt;b&gt;one&lt;/b&gt;<br>two<br>three<br>four');
  });
});

describe('trusted', () => {
  it('takes markup the code wrote as it is', () => {
    expect(render(html`<p>${trusted('<abbr title="Jam pelajaran">JP</abbr>')}</p>`)).toBe('<p><abbr title="Jam pelajaran">JP</abbr></p>');
  });
});

// ---------------------------------------------------------------------------------------------
// What people type, on the real pages and mails

const markup = '<script>alert(1)</script>';
const escapedMarkup = '&lt;script&gt;alert(1)&lt;/script&gt;';

function aTrackingView(overrides: Partial<TrackingView> = {}): TrackingView {
  return {
    id: 'p-1',
    type: 'proposal',
    status: 'IN_REVIEW',
    title: 'Magang ASN',
    institution: 'Universitas Sebelas Maret',
    round: 1,
    submittedAt: '2027-02-01T03:00:00.000Z',
    updatedAt: '2027-02-02T03:00:00.000Z',
    history: [{ at: '2027-02-01T03:00:00.000Z', type: 'submitted', by: { role: 'proposer', name: 'Sri' }, round: 1 }],
    ...overrides,
  };
}

describe('a title a person typed', () => {
  it('is escaped on the tracking page, in its heading and in the document title', () => {
    const page = proposalPages.trackingPage({ lang: 'en', view: aTrackingView({ title: markup }) });
    expect(page).toContain(`<h1>${escapedMarkup}</h1>`);
    expect(page).toContain(`<title>Proposal status: ${escapedMarkup} · Sinergi</title>`);
    expect(page).not.toContain(markup);
  });

  it('is escaped on the decision page, among the proposal facts', () => {
    const proposal = aProposalRecord({}, { title: markup });
    const page = proposalPages.decisionPage({ lang: 'id', view: { link: aDecisionLink(), proposal, chainLength: 2, proof: 'proof-1' } });
    expect(page).toContain(`<dt>Judul usulan</dt><dd>${escapedMarkup}</dd>`);
    expect(page).not.toContain(markup);
  });
});

/**
 * Typed text that tries every way out: a script, an element with a handler, and a quote that
 * would close an attribute and open another.
 */
const hostile = `"><script>alert(1)</script><img src=x onerror=alert(1)> data-pwned="1' data-pwned='1 &amp;`;

/** Keys whose values the code chooses (states, kinds, dates, languages): the rest is free text. */
const chosenByCode = new Set([
  'status',
  'type',
  'language',
  'startDate',
  'endDate',
  'applicationDeadline',
  'createdAt',
  'updatedAt',
  'expiresAt',
  'decidedAt',
  'submittedAt',
  'at',
  'action',
  'actions',
  'step',
  'kind',
  'attempt',
  'state',
  'employmentType',
  'scopes',
  'role',
]);

/** The same value with the hostile text added to every free-text string in it. */
function withHostileText<T>(value: T, key = ''): T {
  if (chosenByCode.has(key)) return value;
  if (typeof value === 'string') return `${value}${hostile}` as T;
  if (Array.isArray(value)) return value.map((item) => withHostileText(item)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withHostileText(v, k)])) as T;
  return value;
}

/** What of the hostile text got through unescaped: an element it opened, or an attribute it added. */
function leaks(markup: string): string[] {
  return [...markup.matchAll(/<script|<img|data-pwned=["']/gi)].map((match) => match[0]);
}

const h = withHostileText;
const url = h('https://sinergi.example.go.id/track/TOKEN?a=1&b=2');
const someIssues = h([
  { path: 'title', message: 'Wajib diisi.' },
  { path: 'scopes[0]', message: 'Pilih.' },
  { path: 'comment', message: 'Wajib.' },
  { path: 'decision', message: 'Pilih.' },
  { path: 'hours', message: 'Tidak valid.' },
  { path: '', message: 'Isian tidak valid.' },
]);

const proposal = h(aProposalRecord());
const application = h(anApplicationRecord({ report: { activities: 'Kegiatan', hours: 12, submittedAt: '2027-04-17T03:00:00.000Z' } }));
const placement = h(aPlacementRecord());
const partnership: PartnershipRecord = h({
  id: 'ks-2027-001',
  proposalId: 'p-1',
  institution: proposal.data.institution,
  contact: proposal.data.contact,
  title: proposal.data.title,
  scopes: ['internship'],
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  status: 'ACTIVE',
  createdAt: '2027-02-05T03:00:00.000Z',
});
const catalogueItem: CatalogueItem = h({
  id: placement.id,
  ...placement.data,
  institution: placement.institution,
  seatsLeft: 1,
  language: 'en',
});
const stepLink = (step: StepName): PlacementStepLink =>
  h({
    kind: 'step',
    hash: 'hash-1',
    subject: { type: step === 'offer' ? 'placement' : 'application', id: 'a-1' },
    createdAt: '2027-02-01T03:00:00.000Z',
    step,
    stepId: 'step-1',
    attempt: 'backup',
    state: 'PENDING',
    sealedTaskToken: 'sealed-task-token',
    pageSecret: 'page-secret',
    expiresAt: '2027-02-08T03:00:00.000Z',
    holder: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id', language: 'en' },
    actions: step === 'report' ? ['report'] : ['approve', 'reject'],
  });
const stepSubject = (step: StepName): StepView['subject'] =>
  step === 'offer' ? { type: 'placement', placement } : { type: 'application', application: application as ApplicationRecord };
const steps: StepName[] = ['offer', 'supervisor', 'coordinator', 'host', 'completion', 'report'];
const stepOutcome: PlacementOutcome = h({
  action: 'reject',
  comment: 'Alasan',
  hours: 12,
  activities: 'Kegiatan',
  decidedAt: '2027-02-03T03:00:00.000Z',
  decidedBy: { name: 'Bambang', email: 'bambang@surakarta.go.id' },
});
const partnerView: PartnerView = h({
  partnership,
  placements: [{ ...catalogueItem, status: 'PUBLISHED', seatsTaken: 1, createdAt: '2027-01-10T03:00:00.000Z' }],
});
const applicationTrackingView: ApplicationTrackingView = h({
  id: 'a-1',
  type: 'application',
  status: 'WAITLISTED',
  placement: { id: 'pl-1', ...application.placement },
  applicant: { name: application.data.name, unit: application.data.unit },
  waitlistPosition: 1,
  creditedHours: 12,
  submittedAt: '2027-02-01T03:00:00.000Z',
  updatedAt: '2027-02-05T03:00:00.000Z',
  canWithdraw: true,
  history: [{ at: '2027-02-02T03:00:00.000Z', type: 'decided', step: 'host', by: { role: 'host', name: 'Sri' }, action: 'reject', comment: 'Penuh', hours: 4 }],
});

/** Every page function, each page it can show, all with hostile text in every free-text field. */
const confirmLink = h(aConfirmLink());
const confirmWords = h({ what: { id: 'usulan', en: 'proposal' }, next: { id: 'Ditinjau.', en: 'Reviewed.' } });
const confirmFacts = h([{ label: 'Judul', value: 'Magang ASN' }]);

type PageName = keyof typeof proposalPages | keyof typeof placementPages | keyof typeof linkPages | Extract<keyof typeof confirmPages, `${string}Page`>;
const pages: Record<PageName, (lang: Language) => string[]> = {
  proposalFormPage: (lang) => [
    proposalPages.proposalFormPage({ lang, mode: 'new', action: url, values: proposal.data, issues: someIssues, submissionKey: h('key') }),
    proposalPages.proposalFormPage({
      lang,
      mode: 'edit',
      action: url,
      values: proposal.data,
      proof: h('proof'),
      revisionComment: h('Lengkapi.'),
      deadline: '2027-02-09T03:00:00.000Z',
    }),
  ],
  trackingPage: (lang) => [
    proposalPages.trackingPage({
      lang,
      view: h(
        aTrackingView({
          history: [
            {
              at: '2027-02-02T03:00:00.000Z',
              type: 'decided',
              by: { role: 'coordinator', name: 'Bambang' },
              action: 'revise',
              comment: 'Lengkapi.',
              level: 1,
              role: 'coordinator',
            },
          ],
        }),
      ),
    }),
  ],
  decisionPage: (lang) => [
    proposalPages.decisionPage({
      lang,
      view: { link: h(aDecisionLink()), proposal, chainLength: 2, proof: h('proof') },
      issues: someIssues,
      comment: h('Komentar'),
    }),
  ],
  decisionDonePage: (lang) => [
    proposalPages.decisionDonePage({
      lang,
      result: { outcome: h(anOutcome({ action: 'reject', comment: 'Alasan' })), proposal, link: h(aDecisionLink()) },
      chainLength: 2,
    }),
  ],
  linkUsedPage: (lang) => [linkPages.linkUsedPage({ lang, outcome: h(anOutcome()) }), linkPages.linkUsedPage({ lang, outcome: stepOutcome })],
  linkClosedPage: (lang) => [linkPages.linkClosedPage({ lang, reason: 'expired' }), linkPages.linkClosedPage({ lang, reason: 'superseded' })],
  errorPage: (lang) => [linkPages.errorPage({ lang, statusCode: 400, message: h('Ada yang salah.\nLagi.') })],
  partnerPage: (lang) => [
    placementPages.partnerPage({ lang, view: partnerView, token: h('token'), issues: someIssues, values: h({ ...placement.data }), notice: 'offered' }),
  ],
  cataloguePage: (lang) => [placementPages.cataloguePage({ lang, placements: [catalogueItem, { ...catalogueItem, seatsLeft: 0 }] })],
  applicationFormPage: (lang) => [
    placementPages.applicationFormPage({
      lang,
      placement: catalogueItem,
      workUnits: h(['Dinas Pendidikan']),
      submissionKey: h('key'),
      issues: someIssues,
      values: h({ ...application.data }),
    }),
  ],
  applicationSubmittedPage: (lang) => [placementPages.applicationSubmittedPage({ lang, result: h({ id: 'a-1', status: 'UNCONFIRMED', trackingUrl: url }) })],
  applicationTrackingPage: (lang) => [
    placementPages.applicationTrackingPage({ lang, view: applicationTrackingView, token: h('token'), proof: h('proof'), notice: 'withdrawn' }),
  ],
  stepPage: (lang) =>
    steps.map((step) =>
      placementPages.stepPage({
        lang,
        view: { link: stepLink(step), subject: stepSubject(step), proof: h('proof') },
        issues: someIssues,
        values: h({ comment: 'C', activities: 'A', hours: '3' }),
      }),
    ),
  stepDonePage: (lang) =>
    steps.map((step) => placementPages.stepDonePage({ lang, result: { link: stepLink(step), subject: stepSubject(step), outcome: stepOutcome } })),
  confirmPage: (lang) => [
    confirmPages.confirmPage({ lang, link: confirmLink, words: confirmWords, facts: confirmFacts, proof: h('proof') }),
    confirmPages.confirmPage({
      lang,
      link: confirmLink,
      words: confirmWords,
      facts: confirmFacts,
      proof: h('proof'),
      issues: [confirmPages.untickedIssue(lang)],
    }),
  ],
  alreadyConfirmedPage: (lang) => [
    confirmPages.alreadyConfirmedPage({ lang, link: { ...confirmLink, state: 'USED', outcome: { result: 'confirmed', at: '2027-02-01T05:00:00.000Z' } } }),
    confirmPages.alreadyConfirmedPage({ lang, link: { ...confirmLink, state: 'USED', outcome: { result: 'refused', at: '2027-02-01T05:00:00.000Z' } } }),
  ],
  refusedPage: (lang) => [confirmPages.refusedPage({ lang })],
};

/** Every mail function, each with hostile text in every free-text field; the HTML body is what is checked. */
const mails: Record<keyof typeof proposalEmails | keyof typeof placementEmails | keyof typeof partnerEmails | keyof typeof confirmationMails, () => string[]> =
  {
    receiptEmail: () => [proposalEmails.receiptEmail(proposal, url).html],
    decisionRequestEmail: () =>
      (['request', 'reminder', 'escalation'] as const).map(
        (kind) => proposalEmails.decisionRequestEmail({ proposal, link: h(aDecisionLink()), url, kind, chainLength: 2 }).html,
      ),
    revisionRequestEmail: () => [
      proposalEmails.revisionRequestEmail({
        proposal,
        decision: h(anOutcome({ action: 'revise', comment: 'Lengkapi.' })),
        editUrl: url,
        trackingUrl: url,
        deadline: '2027-02-09T03:00:00.000Z',
        roundsLeft: 1,
      }).html,
    ],
    rejectedEmail: () => [proposalEmails.rejectedEmail({ proposal, decision: h(anOutcome({ action: 'reject', comment: 'Alasan' })), trackingUrl: url }).html],
    approvedEmail: () => [proposalEmails.approvedEmail({ proposal, partnership, trackingUrl: url }).html],
    partnershipNoticeEmail: () => [proposalEmails.partnershipNoticeEmail({ proposal, partnership, language: 'en' }).html],
    expiredEmail: () => [proposalEmails.expiredEmail({ proposal, trackingUrl: url, reason: 'no-revision' }).html],
    reviewFailedNoticeEmail: () => [proposalEmails.reviewFailedNoticeEmail({ proposal, language: 'id' }).html],
    partnerWelcomeEmail: () => [partnerEmails.partnerWelcomeEmail({ partnership, partnerUrl: url, language: 'id' }).html],
    stepRequestEmail: () =>
      steps.map((step) => placementEmails.stepRequestEmail({ link: stepLink(step), subject: stepSubject(step), url, kind: 'escalation' }).html),
    offerOutcomeEmail: () => [placementEmails.offerOutcomeEmail({ placement, outcome: 'rejected', comment: h('Alasan'), partnerUrl: url }).html],
    applicationReceiptEmail: () => [placementEmails.applicationReceiptEmail({ application, trackingUrl: url }).html],
    applicationNewsEmail: () => [
      placementEmails.applicationNewsEmail({ application, trackingUrl: url, news: { kind: 'rejected', step: 'host', comment: h('Penuh'), by: h('Sri') } }).html,
      placementEmails.applicationNewsEmail({ application, trackingUrl: url, news: { kind: 'confirmed' } }).html,
    ],
    placementFailureNoticeEmail: () => [
      placementEmails.placementFailureNoticeEmail({ what: 'application', id: h('a-1'), title: h('Judul'), language: 'en' }).html,
    ],
    applicationRefusedEmail: () =>
      (['duplicate', 'overlap', 'closed'] as const).map((reason) => placementEmails.applicationRefusedEmail({ application, reason }).html),
    confirmationEmail: () => [
      confirmationMails.confirmationEmail({ link: confirmLink, what: confirmWords.what, confirmUrl: url }).html,
      confirmationMails.confirmationEmail({
        link: { ...confirmLink, holder: { ...confirmLink.holder, language: 'en' } },
        what: confirmWords.what,
        confirmUrl: url,
      }).html,
    ],
  };

/** Pages made of the code's own words alone: nothing typed to show. */
const showsNoTypedText = new Set(['linkClosedPage', 'alreadyConfirmedPage', 'refusedPage']);

const functionsNamed = (module: object, suffix: string) =>
  Object.entries(module)
    .filter(([name, value]) => typeof value === 'function' && name.endsWith(suffix))
    .map(([name]) => name)
    .sort();

describe('hostile text in every free-text field', () => {
  it('reaches every page function and every mail function the workflows export', () => {
    expect(Object.keys(pages).sort()).toEqual(
      [
        ...functionsNamed(proposalPages, 'Page'),
        ...functionsNamed(placementPages, 'Page'),
        ...functionsNamed(linkPages, 'Page'),
        ...functionsNamed(confirmPages, 'Page'),
      ].sort(),
    );
    expect(Object.keys(mails).sort()).toEqual(
      [
        ...functionsNamed(proposalEmails, 'Email'),
        ...functionsNamed(placementEmails, 'Email'),
        ...functionsNamed(partnerEmails, 'Email'),
        ...functionsNamed(confirmationMails, 'Email'),
      ].sort(),
    );
  });

  it.each(Object.entries(pages).flatMap(([name, render]) => (['id', 'en'] as const).map((lang) => [name, lang, render] as const)))(
    '%s (%s) shows it, escaped, and lets none of it out as markup',
    (name, lang, render) => {
      for (const page of render(lang)) {
        expect(leaks(page)).toEqual([]);
        if (!showsNoTypedText.has(name)) expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    },
  );

  it.each(Object.entries(mails))('%s shows it, escaped, in the HTML body and lets none of it out as markup', (_, render) => {
    for (const body of render()) {
      expect(leaks(body)).toEqual([]);
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('would catch a value that went in unescaped', () => {
    const escaped = layout({ lang: 'id', title: hostile, body: html`<p>${hostile}</p>` });
    const unescaped = layout({ lang: 'id', title: 'T', body: html`<p>${trusted(hostile)}</p>` });
    expect(leaks(escaped)).toEqual([]);
    expect(leaks(unescaped)).toEqual(['<script', '<img', 'data-pwned="', "data-pwned='"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The habit of escaping by hand, kept out

const projectRoot = joinPath(import.meta.dirname, '../..');
const sharedSources = Object.entries(layeredSources(projectRoot)).filter(([file]) => file.startsWith('shared/'));
const HTML_MODULE = 'shared/kernel/pages/html.ts';

/** The texts of a file's string literals and untagged template literals that hold an HTML tag. */
function markupInPlainStrings(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const untagged = !(node.parent && ts.isTaggedTemplateExpression(node.parent));
    const texts = ts.isStringLiteral(node)
      ? [node.text]
      : ts.isNoSubstitutionTemplateLiteral(node) && untagged
        ? [node.text]
        : ts.isTemplateExpression(node) && untagged
          ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
          : [];
    for (const text of texts) if (/<\/?[a-zA-Z][a-zA-Z0-9-]*[\s>/]/.test(text)) found.push(text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

describe('the sources under shared/', () => {
  it('call escapeHtml nowhere but in html.ts', () => {
    expect(sharedSources.length).toBeGreaterThan(20);
    expect(sharedSources.filter(([file, source]) => file !== HTML_MODULE && /\bescapeHtml\b/.test(source)).map(([file]) => file)).toEqual([]);
  });

  it('build no markup in plain strings: every tag is written inside html`…`', () => {
    const offenders = sharedSources
      .filter(([file]) => file !== HTML_MODULE)
      .flatMap(([file, source]) => markupInPlainStrings(file, source).map((text) => `${file}: ${text}`));
    expect(offenders).toEqual([]);
  });

  it('would find markup built in a plain string', () => {
    expect(markupInPlainStrings('x.ts', "const a = `<p>${name}</p>`; const b = '<br>'; const c = html`<p>${name}</p>`;")).toEqual(['<p>', '</p>', '<br>']);
  });

  it('take markup as trusted in the page kit only, for the texts the code wrote', () => {
    const callers = sharedSources.filter(([file, source]) => file !== HTML_MODULE && /\btrusted\(/.test(source)).map(([file]) => file);
    expect(callers).toEqual(['shared/kernel/pages/page-kit.ts']);
  });
});
