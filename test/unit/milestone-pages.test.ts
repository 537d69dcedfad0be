import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import {
  coReviewDecisionLabels,
  coReviewDonePage,
  coReviewPage,
  MILESTONE_INTENTS,
  milestoneDonePage,
  milestonePage,
} from '../../shared/research/milestone-pages.js';
import type { ResearchOutput } from '../../shared/research/outputs.js';
import type {
  MilestoneRecord,
  MilestoneReview,
  MilestoneSubmission,
  ProjectWithTeam,
  ResearchOutcome,
  ResearchStepLink,
} from '../../shared/research/research-records.js';
import type { CoReviewView, MilestonePageView, MilestoneView } from '../../shared/research/views.js';
import { aMilestoneLink, aMilestoneRecord, aProjectWithTeam, decisionRadios, tagNamed } from '../support/research-fixtures.js';

const markupText = 'Kualitas <script>alert(1)</script> & keluhan warga';
const escapedText = 'Kualitas &lt;script&gt;alert(1)&lt;/script&gt; &amp; keluhan warga';

// ---------------------------------------------------------------------------------------------
// Fixtures

function aProject(data: Partial<ProjectWithTeam['data']> = {}): ProjectWithTeam {
  return aProjectWithTeam(
    { status: 'ACTIVE', members: [], updatedAt: '2027-03-05T03:00:00.000Z', approvedAt: '2027-03-05T03:00:00.000Z' },
    { summary: 'Survei kepuasan dan observasi layanan.', ...data },
  );
}

/** Round 1 of milestone 2, sent late on 2 August 2027 10:00 WIB. */
function firstSubmission(overrides: Partial<MilestoneSubmission> = {}): MilestoneSubmission {
  return {
    round: 1,
    summary: 'Survei 200 responden selesai.\nObservasi di dua loket.',
    lateReason: 'Data responden terlambat.',
    submittedAt: '2027-08-02T03:00:00.000Z',
    by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
    ...overrides,
  };
}

/** Round 2 of milestone 2, sent on 20 August 2027 10:00 WIB. */
function secondSubmission(overrides: Partial<MilestoneSubmission> = {}): MilestoneSubmission {
  return {
    round: 2,
    summary: 'Analisis per loket ditambahkan.',
    submittedAt: '2027-08-20T03:00:00.000Z',
    by: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
    ...overrides,
  };
}

function firstRoundReviews(): MilestoneReview[] {
  return [
    {
      round: 1,
      reviewer: 'coordinator',
      action: 'revise',
      comment: 'Tambahkan analisis per loket.',
      at: '2027-08-05T03:00:00.000Z',
      by: { name: 'Bambang Koordinator' },
    },
    { round: 1, reviewer: 'coReviewer', action: 'approve', at: '2027-08-06T03:00:00.000Z', by: { name: 'Prof. Hadi Santoso' } },
  ];
}

/** Milestone 2, the progress report, open and not yet sent. */
function aMilestone(overrides: Partial<MilestoneRecord> = {}): MilestoneRecord {
  return aMilestoneRecord({
    number: 2,
    kind: 'progress',
    title: 'Kemajuan survei',
    dueDate: '2027-07-31',
    review: 'any',
    openedAt: '2027-07-01T00:00:00.000Z',
    updatedAt: '2027-07-01T00:00:00.000Z',
    ...overrides,
  });
}

function asView(m: MilestoneRecord, overdue: boolean): MilestoneView {
  return {
    number: m.number,
    kind: m.kind,
    title: m.title,
    dueDate: m.dueDate,
    review: m.review,
    status: m.status,
    overdue,
    round: m.round,
    extensions: m.extensions,
    submissions: m.submissions,
    reviews: m.reviews,
  };
}

function aPageView(
  args: { milestone?: MilestoneRecord; overdue?: boolean; link?: ResearchStepLink; comments?: MilestonePageView['comments']; project?: ProjectWithTeam } = {},
): MilestonePageView {
  const milestone = args.milestone ?? aMilestone();
  return {
    link: args.link ?? aMilestoneLink(),
    project: args.project ?? aProject(),
    milestone,
    view: asView(milestone, args.overdue ?? false),
    comments: args.comments ?? [],
    proof: 'proof-value-123',
  };
}

/** Milestone 2 in its second round, sent back once after round 1. */
function aRevisionView(): MilestonePageView {
  return aPageView({
    milestone: aMilestone({ status: 'REVISION_REQUESTED', round: 2, review: 'all', submissions: [firstSubmission()], reviews: firstRoundReviews() }),
    link: aMilestoneLink({ round: 2, stepId: 'project:rp-2027-001:milestone-2:r2:submit' }),
    comments: [
      { reviewer: 'coordinator', comment: 'Tambahkan analisis per loket.' },
      { reviewer: 'coReviewer', comment: 'Sertakan <b>grafik</b> & tabel.' },
    ],
  });
}

/** A reviewer's co-review link for round 2 of milestone 2, expiring 27 August 2027 10:00 WIB. */
function aCoReviewLink(overrides: Partial<ResearchStepLink> = {}): ResearchStepLink {
  return {
    ...aMilestoneLink(),
    step: 'co-review',
    stepId: 'project:rp-2027-001:milestone-2:r2:coordinator:primary',
    expiresAt: '2027-08-27T03:00:00.000Z',
    holder: { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id', language: 'id' },
    actions: ['revise', 'approve'],
    reviewer: 'coordinator',
    round: 2,
    ...overrides,
  };
}

/** Milestone 2 in review in round 2, after round 1 was sent back. */
function aReviewedMilestone(overrides: Partial<MilestoneView> = {}): MilestoneView {
  return {
    ...asView(aMilestone({ status: 'IN_REVIEW', round: 2, review: 'all' }), false),
    submissions: [firstSubmission(), secondSubmission()],
    reviews: firstRoundReviews(),
    ...overrides,
  };
}

function aCoReviewView(link: ResearchStepLink = aCoReviewLink(), milestone: MilestoneView = aReviewedMilestone(), project = aProject()): CoReviewView {
  return { link, project, milestones: [], milestone, proof: 'proof-value-123' };
}

function anOutcome(overrides: Partial<ResearchOutcome> = {}): ResearchOutcome {
  return {
    action: 'approve',
    decidedAt: '2027-08-22T03:00:00.000Z',
    decidedBy: { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id' },
    ...overrides,
  };
}

/** The text a textarea holds. */
function textOf(html: string, name: string): string | undefined {
  return html.match(new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`))?.[1];
}

const formOf = (html: string) => html.slice(html.indexOf('<form '), html.indexOf('</form>'));

// ---------------------------------------------------------------------------------------------

describe('milestonePage', () => {
  it.each([
    ['id', 'Tahap 2: Kemajuan survei', 'Laporan kemajuan', 'Dibuka'],
    ['en', 'Milestone 2: Kemajuan survei', 'Progress report', 'Open'],
  ] as const)('%s: names the milestone, its kind and status, under the project and institution', (lang, name, kind, status) => {
    const html = milestonePage({ lang, view: aPageView() });
    expect(html).toContain(`<h1>${name} <span class="muted">(${kind})</span></h1>`);
    expect(html).toContain(`<span class="badge OPEN">${status}</span>`);
    expect(html).toMatch(/<p class="muted">[^<]* · Kualitas layanan Mal Pelayanan Publik Surakarta · Universitas Sebelas Maret<\/p>/);
    expect(html).toContain(`<title>${name}: Kualitas layanan Mal Pelayanan Publik Surakarta · Sinergi</title>`);
  });

  it('lists the milestone’s facts: kind, due date, review rule and round', () => {
    const html = milestonePage({ lang: 'en', view: aPageView() });
    expect(html).toContain('<dt>Kind</dt><dd>Progress report</dd>');
    expect(html).toContain('<dt>Due date</dt><dd><time datetime="2027-07-31">31 July 2027</time></dd>');
    expect(html).toContain('<dt>Review rule</dt><dd>The first decision decides</dd>');
    expect(html).toContain('<dt>Round</dt><dd>1</dd>');
  });

  it.each([
    ['id', 'Ringkasan pekerjaan tahap ini', 'Catatan logbook sejak tahap sebelumnya dilampirkan secara otomatis', 'Simpan draf', 'Kirim tahap', '(wajib)'],
    [
      'en',
      'What was done in this milestone',
      'The logbook entries since the last milestone are attached automatically',
      'Save draft',
      'Send the milestone',
      '(required)',
    ],
  ] as const)('%s: posts one form to its own address with the proof, the summary and both buttons', (lang, summaryLabel, hint, draft, submit, required) => {
    const html = milestonePage({ lang, view: aPageView() });
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" aria-labelledby="milestone-form-title" novalidate>');
    expect(html).not.toMatch(/<form[^>]*action=/);
    const form = formOf(html);
    expect(form).toContain('<input type="hidden" name="proof" value="proof-value-123">');
    expect(form).toContain(`<label for="f-summary">${summaryLabel} <span class="req">${required}</span></label>`);
    expect(form).toContain(hint);
    const summary = tagNamed(html, 'summary');
    expect(summary).toContain(' required');
    expect(summary).toContain('maxlength="10000"');
    expect(summary).toContain('aria-describedby="f-summary-hint"');
    const buttons = [...form.matchAll(/<button type="submit" name="intent" value="([^"]*)"[^>]*>([^<]*)<\/button>/g)].map((m) => [m[1], m[2]]);
    expect(buttons).toEqual([
      ['draft', draft],
      ['submit', submit],
    ]);
    expect(buttons.map(([value]) => value)).toEqual([...MILESTONE_INTENTS]);
    expect(html.match(/<button\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it.each([
    ['id', 'Halaman ini aman dibuka: membukanya tidak mengubah apa pun', 'Tidak ada yang dikirim sebelum Anda menekan “Kirim tahap”'],
    ['en', 'opening it changes nothing', 'Nothing is sent until you press “Send the milestone”'],
  ] as const)('%s: says the page is safe to open and nothing is sent until Send is pressed', (lang, ...texts) => {
    const html = milestonePage({ lang, view: aPageView() });
    for (const text of texts) expect(html).toContain(text);
  });

  it('asks for the reason of the delay only when the milestone is overdue, and marks it with the date it passed', () => {
    const onTime = milestonePage({ lang: 'en', view: aPageView() });
    expect(onTime).not.toContain('name="lateReason"');
    expect(onTime).not.toContain('Overdue');

    const late = milestonePage({ lang: 'en', view: aPageView({ overdue: true }) });
    const reason = tagNamed(late, 'lateReason');
    expect(reason).toContain(' required');
    expect(late).toContain('<label for="f-lateReason">Reason for the delay <span class="req">(required)</span></label>');
    expect(late).toContain('say why it is late');
    expect(late).toContain('<strong class="badge overdue error">Overdue</strong>');
    expect(late).toContain('<p class="box warn lead"><strong>Overdue</strong>: this milestone was due on <time datetime="2027-07-31">31 July 2027</time>.');
    const form = formOf(late);
    expect(form.indexOf('name="summary"')).toBeLessThan(form.indexOf('name="lateReason"'));
    expect(form.indexOf('name="lateReason"')).toBeLessThan(form.indexOf('name="intent"'));

    const lateId = milestonePage({ lang: 'id', view: aPageView({ overdue: true }) });
    expect(lateId).toContain('<strong>Terlambat</strong>: tenggat tahap ini, <time datetime="2027-07-31">31 Juli 2027</time>, sudah lewat.');
    expect(lateId).toContain('<label for="f-lateReason">Alasan keterlambatan <span class="req">(wajib)</span></label>');
  });

  it('keeps what was sent, escaped', () => {
    const html = milestonePage({ lang: 'en', view: aPageView({ overdue: true }), values: { summary: markupText, lateReason: 'Hujan & banjir' } });
    expect(textOf(html, 'summary')).toBe(escapedText);
    expect(textOf(html, 'lateReason')).toBe('Hujan &amp; banjir');
    expect(html).not.toContain('<script>alert');
  });

  it('fills the form from the saved draft and says when it was saved', () => {
    const draft = { summary: 'Draf ringkasan.\nBaris kedua.', lateReason: 'Data terlambat.', savedAt: '2027-08-01T03:00:00.000Z' };
    const view = aPageView({ milestone: aMilestone({ draft }), overdue: true });
    const html = milestonePage({ lang: 'id', view });
    expect(textOf(html, 'summary')).toBe('Draf ringkasan.\nBaris kedua.');
    expect(textOf(html, 'lateReason')).toBe('Data terlambat.');
    expect(html).toContain('<p class="box">Draf tersimpan <time datetime="2027-08-01T03:00:00.000Z">1 Agustus 2027 pukul 10.00 WIB</time>.');

    const saved = milestonePage({ lang: 'en', view, notice: 'draft-saved' });
    expect(saved).toContain('<p class="box ok" role="status">Draft saved <time datetime="2027-08-01T03:00:00.000Z">1 August 2027 at 10:00 WIB</time>.');
    expect(saved).toContain('This draft has not been sent.');
  });

  it('prefers what was sent to the draft, and shows no draft notice without a draft', () => {
    const draft = { summary: 'Draf lama.', savedAt: '2027-08-01T03:00:00.000Z' };
    const html = milestonePage({ lang: 'en', view: aPageView({ milestone: aMilestone({ draft }) }), values: { summary: 'Teks baru.' } });
    expect(textOf(html, 'summary')).toBe('Teks baru.');
    const plain = milestonePage({ lang: 'en', view: aPageView() });
    expect(plain).not.toContain('Draft saved');
    expect(textOf(plain, 'summary')).toBe('');
  });

  it('shows the issues in a summary linked to their fields, each beside its field', () => {
    const html = milestonePage({
      lang: 'en',
      view: aPageView({ overdue: true }),
      values: { summary: '' },
      issues: [
        { path: 'summary', message: 'Write what was done.' },
        { path: 'lateReason', message: 'Say why it is late.' },
      ],
    });
    const alert = html.match(/<div class="alert" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(alert).toContain('<a href="#f-summary">What was done in this milestone</a>: Write what was done.');
    expect(alert).toContain('<a href="#f-lateReason">Reason for the delay</a>: Say why it is late.');
    expect(html).toContain('<p class="error" id="f-summary-error">Write what was done.</p>');
    expect(html).toContain('<p class="error" id="f-lateReason-error">Say why it is late.</p>');
    const summary = tagNamed(html, 'summary');
    expect(summary).toContain('aria-invalid="true"');
    expect(summary).toContain('aria-describedby="f-summary-hint f-summary-error"');
    expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('<form '));
  });

  it('in a revision round, quotes each reviewer’s comment under their name, escaped', () => {
    const html = milestonePage({ lang: 'id', view: aRevisionView() });
    expect(html).toContain('<dt>Putaran</dt><dd>2 (putaran revisi)</dd>');
    expect(html).toContain(
      '<p><strong>Koordinator BKPSDM</strong></p>\n<blockquote aria-label="Koordinator BKPSDM">Tambahkan analisis per loket.</blockquote>',
    );
    expect(html).toContain(
      '<p><strong>Peninjau dari perguruan tinggi</strong></p>\n<blockquote aria-label="Peninjau dari perguruan tinggi">Sertakan &lt;b&gt;grafik&lt;/b&gt; &amp; tabel.</blockquote>',
    );
    expect(html).not.toContain('<b>grafik');
    expect(milestonePage({ lang: 'en', view: aRevisionView() })).toContain('<dt>Round</dt><dd>2 (a revision round)</dd>');
    expect(milestonePage({ lang: 'en', view: aPageView() })).not.toContain('Revision requested');
  });

  it('lists the earlier submissions read-only, newest first, with round, date, summary and late reason', () => {
    const milestone = aMilestone({
      status: 'REVISION_REQUESTED',
      round: 3,
      submissions: [firstSubmission(), secondSubmission({ summary: 'Ringkasan <i>dua</i> & lampiran' })],
    });
    const html = milestonePage({ lang: 'en', view: aPageView({ milestone, link: aMilestoneLink({ round: 3 }) }) });
    const list = html.match(/<h2>Earlier submissions<\/h2>\n<ol class="history">([\s\S]*?)<\/ol>/)?.[1] ?? '';
    const items = list.split('<li>').slice(1);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('<strong>Round 2</strong> — Sent on <time datetime="2027-08-20T03:00:00.000Z">20 August 2027 at 10:00 WIB</time>');
    expect(items[0]).toContain('<blockquote aria-label="Summary">Ringkasan &lt;i&gt;dua&lt;/i&gt; &amp; lampiran</blockquote>');
    expect(items[0]).not.toContain('Reason for the delay');
    expect(items[1]).toContain('<strong>Round 1</strong>');
    expect(items[1]).toContain('Survei 200 responden selesai.\nObservasi di dua loket.');
    expect(items[1]).toContain('<blockquote aria-label="Reason for the delay">Data responden terlambat.</blockquote>');
    expect(formOf(html)).not.toContain('Survei 200 responden');
    expect(milestonePage({ lang: 'en', view: aPageView() })).not.toContain('Earlier submissions');
  });

  it('escapes a title with markup, in the page and its title', () => {
    const view = aPageView({ milestone: aMilestone({ title: markupText }), project: aProject({ title: markupText }) });
    const html = milestonePage({ lang: 'en', view });
    expect(html).toContain(`<h1>Milestone 2: ${escapedText} <span class="muted">`);
    expect(html).toContain(`<title>Milestone 2: ${escapedText}: ${escapedText} · Sinergi</title>`);
    expect(html).not.toContain('<script>');
  });
});

describe('milestoneDonePage', () => {
  it('says the milestone was sent, in which round, under the project', () => {
    const html = milestoneDonePage({ lang: 'en', view: aPageView() });
    expect(html).toContain('<h1>Milestone sent</h1>');
    expect(html).toContain('Thank you, Dr. Sari Lestari. Milestone 2: Kemajuan survei has been sent for review.');
    expect(html).toContain('<dt>Round</dt><dd>1</dd>');
    expect(html).toContain('<dd>Universitas Sebelas Maret</dd>');
    expect(milestoneDonePage({ lang: 'id', view: aRevisionView() })).toContain('<dt>Putaran</dt><dd>2 (putaran revisi)</dd>');
  });

  it('says who reviews it, how their decisions combine, that the lead is told by mail, and that the link now shows it sent', () => {
    const any = milestoneDonePage({ lang: 'en', view: aPageView() });
    expect(any).toContain('The BKPSDM coordinator and the university&#39;s co-reviewer (Prof. Hadi Santoso) review it together.');
    expect(any).toContain('Whichever of them decides first decides the milestone.');
    expect(any).toContain('You will be told the outcome by email.');
    expect(any).toContain('now shows it as sent');
    const all = milestoneDonePage({ lang: 'id', view: aRevisionView() });
    expect(all).toContain(
      'Tahap disetujui bila keduanya menyetujuinya; bila salah satu meminta revisi, tahap dikembalikan kepada Anda setelah keduanya memberi keputusan',
    );
    expect(all).toContain('Anda diberi tahu hasilnya melalui email.');
  });

  it('warns that the third round is the last reviewed together', () => {
    const view = aPageView({ milestone: aMilestone({ status: 'REVISION_REQUESTED', round: 3 }), link: aMilestoneLink({ round: 3 }) });
    expect(milestoneDonePage({ lang: 'en', view })).toContain('This is round 3, the last one reviewed together');
    expect(milestoneDonePage({ lang: 'en', view: aRevisionView() })).not.toContain('the last one reviewed together');
  });

  it('has no language switch, and escapes the title', () => {
    const html = milestoneDonePage({ lang: 'id', view: aPageView({ milestone: aMilestone({ title: markupText }) }) });
    expect(html).not.toContain('lang=en');
    expect(html).toContain(escapedText);
    expect(html).not.toContain('<script>');
  });
});

describe('coReviewPage', () => {
  it.each([
    ['id', 'Tinjauan tahap 2'],
    ['en', 'Review of milestone 2'],
  ] as const)('%s: names the review, and says opening the page changes nothing', (lang, title) => {
    const html = coReviewPage({ lang, view: aCoReviewView() });
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(lang === 'id' ? 'Membuka halaman ini tidak mengubah apa pun' : 'Opening this page changes nothing');
    expect(html).toContain(`<title>${title}: Kualitas layanan Mal Pelayanan Publik Surakarta · Sinergi</title>`);
  });

  it('offers exactly the link’s actions in the order approve, revise, none chosen', () => {
    expect(decisionRadios(coReviewPage({ lang: 'id', view: aCoReviewView() }))).toEqual([
      { value: 'approve', label: 'Setujui tahap', checked: false },
      { value: 'revise', label: 'Minta revisi', checked: false },
    ]);
    const html = coReviewPage({ lang: 'en', view: aCoReviewView() });
    expect(decisionRadios(html).map((r) => r.label)).toEqual(['Approve the milestone', 'Ask for a revision']);
    expect(html).not.toContain('value="reject"');
    expect(html).not.toContain('Close as not accepted');
  });

  it('a sole decision: the coordinator’s wording, and the closing choice', () => {
    const link = aCoReviewLink({ sole: true, actions: ['reject', 'approve'], stepId: 'project:rp-2027-001:milestone-2:r2:sole:primary' });
    const html = coReviewPage({ lang: 'id', view: aCoReviewView(link) });
    expect(html).toContain('<h1>Keputusan koordinator atas tahap 2</h1>');
    expect(decisionRadios(html)).toEqual([
      { value: 'approve', label: 'Setujui tahap', checked: false },
      { value: 'reject', label: 'Tutup sebagai tidak diterima', checked: false },
    ]);
    expect(html).toContain('Anda kini memutuskannya sendiri');
    const en = coReviewPage({ lang: 'en', view: aCoReviewView(link) });
    expect(en).toContain('<h1>The coordinator’s decision on milestone 2</h1>');
    expect(decisionRadios(en).map((r) => r.label)).toEqual(['Approve the milestone', 'Close as not accepted']);
    expect(en).toContain('The two reviews of this round left it undecided.');
    const afterThree = coReviewPage({ lang: 'en', view: aCoReviewView({ ...link, round: 3 }) });
    expect(afterThree).toContain('co-reviewed in 3 rounds, and a revision was asked for again');
  });

  it('a sole decision shows the reviews of the round that left it to the coordinator', () => {
    const link = aCoReviewLink({ sole: true, actions: ['approve', 'reject'] });
    const reviews: MilestoneReview[] = [
      ...firstRoundReviews(),
      { round: 2, reviewer: 'coordinator', action: 'approve', at: '2027-08-21T03:00:00.000Z', by: { name: 'Bambang Koordinator' } },
      { round: 2, reviewer: 'coReviewer', action: 'expired', at: '2027-08-27T03:00:00.000Z' },
    ];
    const html = coReviewPage({ lang: 'en', view: aCoReviewView(link, aReviewedMilestone({ reviews })) });
    const section = html.slice(html.indexOf('<h2>This round’s reviews</h2>'), html.indexOf('<h2>Earlier rounds</h2>'));
    expect(section).toContain('<strong>BKPSDM coordinator</strong> (Bambang Koordinator): Approved');
    expect(section).toContain('<strong>University&#39;s co-reviewer</strong>: No decision before the deadline');
    expect(coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), aReviewedMilestone({ reviews })) })).not.toContain('This round’s reviews');
  });

  it('says a comment is required to ask for a revision or to close, and goes to the lead', () => {
    expect(coReviewPage({ lang: 'id', view: aCoReviewView() })).toContain(
      '<p class="hint" id="f-comment-hint">Wajib diisi untuk “Minta revisi”: komentar Anda dikirim kepada ketua peneliti. Opsional bila menyetujui.</p>',
    );
    const sole = coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink({ sole: true, actions: ['approve', 'reject'] })) });
    expect(sole).toContain('Required for “Close as not accepted”: your comment goes to the lead researcher. Optional when approving.');
    expect(sole).toContain('<label for="f-comment">Comment for the lead researcher</label>');
  });

  it('posts one form with the proof, the choice, the comment and the one send button, in that order', () => {
    const html = coReviewPage({ lang: 'id', view: aCoReviewView() });
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" aria-labelledby="step-form-title" novalidate>');
    const form = formOf(html);
    const order = ['name="proof" value="proof-value-123"', 'name="decision"', 'name="comment"', '<button type="submit">Kirim keputusan</button>'].map((m) =>
      form.indexOf(m),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
  });

  it('marks a backup link, and only a backup link', () => {
    const backup = aCoReviewLink({ attempt: 'backup', reviewer: 'coReviewer', holder: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'en' } });
    expect(coReviewPage({ lang: 'en', view: aCoReviewView(backup) })).toContain(
      'passed to you as the backup reviewer because the university&#39;s co-reviewer did not decide before the deadline',
    );
    expect(coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink({ attempt: 'backup' })) })).toContain(
      'sebagai peninjau cadangan karena koordinator BKPSDM belum memberi keputusan',
    );
    expect(coReviewPage({ lang: 'en', view: aCoReviewView() })).not.toContain('backup reviewer');
  });

  it('shows the project and the milestone with kind, due date, status and review rule', () => {
    const html = coReviewPage({ lang: 'en', view: aCoReviewView() });
    for (const fact of [
      '<dd>Kualitas layanan Mal Pelayanan Publik Surakarta</dd>',
      '<dd>Universitas Sebelas Maret</dd>',
      '<dd>Prof. Hadi Santoso</dd>',
      '<dd class="prewrap">Memetakan waktu tunggu dan keluhan warga.</dd>',
      '<dt>Milestone</dt><dd>2: Kemajuan survei</dd>',
      '<dt>Kind</dt><dd>Progress report</dd>',
      '<dt>Due date</dt><dd><time datetime="2027-07-31">31 July 2027</time></dd>',
      '<span class="badge IN_REVIEW">In review</span>',
      '<dt>Review rule</dt><dd>Both reviewers must approve</dd>',
      '<dt>Review round</dt><dd>2</dd>',
      '<dt>Reviewing as</dt><dd>BKPSDM coordinator</dd>',
      '27 August 2027 at 10:00 WIB',
    ])
      expect(html).toContain(fact);
    expect(coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), aReviewedMilestone({ overdue: true })) })).toContain(
      '<time datetime="2027-07-31">31 July 2027</time> <strong class="badge overdue error">Overdue</strong>',
    );
  });

  it('explains the rule: under all both must approve and a revision goes back once both decided', () => {
    const html = coReviewPage({ lang: 'en', view: aCoReviewView() });
    expect(html).toContain(
      'Both reviewers must approve: this milestone is approved when you and the university&#39;s co-reviewer (Prof. Hadi Santoso) both approve it. A revision request goes back to the lead researcher once both of you have decided',
    );
    const id = coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink({ reviewer: 'coReviewer' })) });
    expect(id).toContain('tahap ini disetujui bila Anda dan koordinator BKPSDM sama-sama menyetujuinya');
  });

  it('explains the rule: under any the first decision decides and closes the other link', () => {
    const html = coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), aReviewedMilestone({ review: 'any' })) });
    expect(html).toContain(
      'The first decision decides: whichever of you and the university&#39;s co-reviewer (Prof. Hadi Santoso) decides first decides this milestone, and closes the other reviewer&#39;s link.',
    );
    expect(html).not.toContain('Both reviewers must approve:');
  });

  it('shows the latest submission, and the earlier rounds folded with their reviews', () => {
    const html = coReviewPage({ lang: 'en', view: aCoReviewView() });
    const latest = html.slice(html.indexOf('<h2>What the lead researcher sent</h2>'), html.indexOf('<h2>Earlier rounds</h2>'));
    expect(latest).toContain('<dt>Round</dt><dd>2</dd>');
    expect(latest).toContain('<dt>Sent on</dt><dd><time datetime="2027-08-20T03:00:00.000Z">20 August 2027 at 10:00 WIB</time></dd>');
    expect(latest).toContain('<dt>Summary</dt><dd class="prewrap">Analisis per loket ditambahkan.</dd>');
    expect(latest).not.toContain('<details');
    expect(latest).not.toContain('Survei 200 responden');

    const details = html.match(/<details>[\s\S]*?<\/details>/g) ?? [];
    expect(details).toHaveLength(1);
    expect(details[0]).toContain('<summary>Round 1 — Sent on <time datetime="2027-08-02T03:00:00.000Z">2 August 2027 at 10:00 WIB</time></summary>');
    expect(details[0]).toContain('<dd class="prewrap">Survei 200 responden selesai.\nObservasi di dua loket.</dd>');
    expect(details[0]).toContain('<dt>Reason for the delay</dt><dd class="prewrap">Data responden terlambat.</dd>');
    expect(details[0]).toContain('<strong>BKPSDM coordinator</strong> (Bambang Koordinator): Revision requested');
    expect(details[0]).toContain('<blockquote aria-label="Comment">Tambahkan analisis per loket.</blockquote>');
    expect(details[0]).toContain('<strong>University&#39;s co-reviewer</strong> (Prof. Hadi Santoso): Approved');
  });

  it('shows the late reason of the latest submission, and no earlier rounds in the first', () => {
    const milestone = aReviewedMilestone({ round: 1, submissions: [firstSubmission()], reviews: [] });
    const html = coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink({ round: 1 }), milestone) });
    expect(html).toContain('<dt>Alasan keterlambatan</dt><dd class="prewrap">Data responden terlambat.</dd>');
    expect(html).not.toContain('<details');
    expect(html).not.toContain('Putaran sebelumnya');
  });

  it('shows the issues linked to their fields, keeping the choice and the comment, escaped', () => {
    const html = coReviewPage({
      lang: 'en',
      view: aCoReviewView(),
      values: { decision: 'revise', comment: markupText },
      issues: [{ path: 'comment', message: 'Write what the lead should change.' }],
    });
    expect(html).toContain('<a href="#f-comment">Comment for the lead researcher</a>: Write what the lead should change.');
    expect(tagNamed(html, 'comment')).toContain('aria-describedby="f-comment-hint f-comment-error"');
    expect(textOf(html, 'comment')).toBe(escapedText);
    expect(decisionRadios(html).map((r) => [r.value, r.checked])).toEqual([
      ['approve', false],
      ['revise', true],
    ]);
  });

  it('escapes the titles, the summary and the comments', () => {
    const milestone = aReviewedMilestone({
      title: markupText,
      submissions: [firstSubmission({ summary: markupText }), secondSubmission({ summary: markupText, lateReason: markupText })],
      reviews: [{ round: 1, reviewer: 'coordinator', action: 'revise', comment: markupText, at: '2027-08-05T03:00:00.000Z', by: { name: markupText } }],
    });
    const html = coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), milestone, aProject({ title: markupText })) });
    expect(html).toContain(escapedText);
    expect(html).not.toContain('<script>');
  });

  it('refuses a link of another step, and a co-review link that names no reviewer', () => {
    expect(() => coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink({ step: 'plan-review' })) })).toThrow(RangeError);
    expect(() => coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink({ reviewer: undefined })) })).toThrow(RangeError);
  });

  it('exports the choice words for the server’s messages', () => {
    expect(coReviewDecisionLabels.approve).toEqual({ id: 'Setujui tahap', en: 'Approve the milestone' });
    expect(coReviewDecisionLabels.reject).toEqual({ id: 'Tutup sebagai tidak diterima', en: 'Close as not accepted' });
    expect(coReviewDecisionLabels.submit).toBeUndefined();
  });
});

describe('coReviewDonePage', () => {
  const done = (lang: Language, link: ResearchStepLink, outcome: Partial<ResearchOutcome> = {}, milestone = aReviewedMilestone()) =>
    coReviewDonePage({ lang, link, outcome: anOutcome(outcome), milestone });

  it('says what was recorded, by whom and when, escaping the comment', () => {
    const html = done('en', aCoReviewLink(), { action: 'revise', comment: markupText });
    expect(html).toContain('<h1>Decision recorded</h1>');
    expect(html).toContain('Thank you, Bambang Koordinator.');
    expect(html).toContain('<dd>2: Kemajuan survei</dd>');
    expect(html).toContain('<dd>Revision requested</dd>');
    expect(html).toContain(escapedText);
    expect(html).not.toContain('<script>');
    expect(html).toContain('22 August 2027 at 10:00 WIB');
    expect(html).not.toContain('lang=id');
  });

  it('all: the other reviewer’s decision is awaited; a revision goes back once both decided', () => {
    const approved = done('en', aCoReviewLink());
    expect(approved).toContain('The other reviewer’s decision is awaited, if they have not given it yet. The milestone is approved when both approve it.');
    const revise = done('id', aCoReviewLink(), { action: 'revise', comment: 'x' });
    expect(revise).toContain('Keputusan peninjau yang lain ditunggu');
    expect(revise).toContain('Setelah keduanya memberi keputusan, tahap ini dikembalikan kepada ketua peneliti beserta komentar keduanya');
    const lastRound = done('en', aCoReviewLink({ round: 3 }), { action: 'revise', comment: 'x' }, aReviewedMilestone({ round: 3 }));
    expect(lastRound).toContain('Once both have decided, the BKPSDM coordinator alone decides');
  });

  it('any: the decision stands and the other reviewer’s link is closed', () => {
    const milestone = aReviewedMilestone({ review: 'any' });
    const approved = done('en', aCoReviewLink(), {}, milestone);
    expect(approved).toContain('Your decision decides this milestone, and the other reviewer’s link is now closed.');
    expect(approved).toContain('The milestone is approved, and the lead researcher is told by email.');
    expect(approved).not.toContain('awaited');
    const revise = done('id', aCoReviewLink(), { action: 'revise', comment: 'x' }, milestone);
    expect(revise).toContain('tautan peninjau yang lain kini ditutup');
    expect(revise).toContain('Tahap ini dikembalikan kepada ketua peneliti');
  });

  it('sole: an approval approves the milestone, a rejection closes it as not accepted', () => {
    const sole = aCoReviewLink({ sole: true, actions: ['approve', 'reject'] });
    const approved = done('en', sole);
    expect(approved).toContain('The milestone is approved, and the lead researcher is told by email.');
    expect(approved).not.toContain('awaited');
    const rejected = done('id', sole, { action: 'reject', comment: 'Tidak memenuhi rencana.' });
    expect(rejected).toContain('<dd>Tidak diterima</dd>');
    expect(rejected).toContain('Tahap ini ditutup sebagai tidak diterima. Ketua peneliti diberi tahu melalui email, beserta alasan Anda.');
  });

  it('an approved final report completes the project', () => {
    const final = aReviewedMilestone({ number: 3, kind: 'final', title: 'Laporan akhir dan luaran' });
    expect(done('en', aCoReviewLink({ sole: true }), {}, final)).toContain('As it is the final report, the project is complete');
    expect(done('en', aCoReviewLink({ sole: true }))).not.toContain('final report');
  });
});

// ---------------------------------------------------------------------------------------------
// Outputs: the rows of a final report's or an output milestone's form, and a submission's list

describe('milestone pages: outputs', () => {
  const publication: ResearchOutput = {
    type: 'publication',
    title: 'Kualitas layanan MPP Surakarta',
    venue: 'Jurnal Administrasi Publik',
    status: 'published',
    doi: '10.31294/mpp.2027.12',
  };
  const ip: ResearchOutput = { type: 'intellectualProperty', title: 'Instrumen survei', ipType: 'copyright', number: 'EC00202712345', status: 'registered' };

  /** Milestone 3, the final report (or another kind), open and not yet sent. */
  const aFinal = (overrides: Partial<MilestoneRecord> = {}) =>
    aMilestone({ number: 3, kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'all', ...overrides });
  const finalPage = (lang: Language, milestone = aFinal(), args: { values?: Record<string, string>; issues?: { path: string; message: string }[] } = {}) =>
    milestonePage({ lang, view: aPageView({ milestone, link: aMilestoneLink({ milestone: 3 }) }), ...args });
  const outputsPart = (html: string) =>
    html.match(/<div class="field[^"]*" id="f-outputs">[\s\S]*?\n<\/div>\n<div class="actions"><button type="submit" name="intent"/)?.[0] ?? '';
  const rowTypes = (html: string) =>
    [...html.matchAll(/<input type="hidden" name="outputs\[(\d+)\]\.type" value="([^"]*)">/g)].map((m) => [Number(m[1]), m[2]]);

  it.each([
    ['id', '<h3>Luaran</h3>', 'Tambah: Publikasi ilmiah'],
    ['en', '<h3>Outputs</h3>', 'Add: Publication'],
  ] as const)('%s: a final report’s form has the outputs’ part, after the summary and before the two buttons', (lang, heading, add) => {
    const form = formOf(finalPage(lang));
    expect(form).toContain(heading);
    expect(form).toContain(`name="more" value="publication" style="background:#fff;color:#0b5cad;border-color:#0b5cad">${add}</button>`);
    expect(form.indexOf('name="summary"')).toBeLessThan(form.indexOf('id="f-outputs"'));
    expect(form.indexOf('id="f-outputs"')).toBeLessThan(form.indexOf('name="intent" value="draft"'));
    expect(form.match(/<button\b/g)).toHaveLength(2 + 5);
  });

  it.each(['plan', 'progress', 'monitoring'] as const)('a %s milestone’s form has no outputs', (kind) => {
    const html = finalPage('en', aFinal({ kind }), { values: { summary: 'x', 'outputs[0].type': 'dataset', 'outputs[0].title': 'Data' } });
    expect(html).not.toContain('id="f-outputs"');
    expect(html).not.toContain('name="more"');
    expect(html).not.toContain('outputs[0]');
  });

  it('an output milestone’s form says it needs an output', () => {
    expect(outputsPart(finalPage('en', aFinal({ kind: 'output' })))).toContain('An output milestone needs at least one output.');
    expect(outputsPart(finalPage('en'))).not.toContain('needs at least one output');
  });

  it('shows the rows sent, else the rows the draft kept', () => {
    const draft = {
      summary: 'Draf.',
      outputs: [
        { type: 'publication', title: 'Naskah draf', status: 'submitted' },
        { type: 'dataset', title: '' },
      ],
      savedAt: '2027-12-01T03:00:00.000Z',
    };
    const fromDraft = finalPage('en', aFinal({ draft }));
    expect(rowTypes(fromDraft)).toEqual([
      [0, 'publication'],
      [1, 'dataset'],
    ]);
    expect(tagNamed(fromDraft, 'outputs\\[0\\]\\.title')).toContain('value="Naskah draf"');
    expect(fromDraft).toContain('<option value="submitted" selected>Submitted</option>');

    const sent = finalPage('en', aFinal({ draft }), { values: { summary: 'x', 'outputs[0].type': 'intellectualProperty', 'outputs[0].number': 'EC1' } });
    expect(rowTypes(sent)).toEqual([[0, 'intellectualProperty']]);
    expect(tagNamed(sent, 'outputs\\[0\\]\\.number')).toContain('value="EC1"');
    expect(sent).not.toContain('Naskah draf');
  });

  it('escapes an output title typed with markup', () => {
    const html = finalPage('en', aFinal(), { values: { summary: 'x', 'outputs[0].type': 'other', 'outputs[0].title': markupText } });
    expect(tagNamed(html, 'outputs\\[0\\]\\.title')).toContain(`value="${escapedText}"`);
    expect(html).not.toContain('<script>alert');
  });

  it('links a message about the list as a whole from the summary, and shows it above the rows', () => {
    const html = finalPage('id', aFinal({ kind: 'output' }), {
      values: { summary: 'x' },
      issues: [{ path: 'outputs', message: 'Tahap luaran memerlukan sedikitnya satu luaran.' }],
    });
    expect(html).toContain('<li><a href="#f-outputs">Luaran</a>: Tahap luaran memerlukan sedikitnya satu luaran.</li>');
    expect(outputsPart(html)).toContain('<p class="error" id="f-outputs-error">Tahap luaran memerlukan sedikitnya satu luaran.</p>');
  });

  // Each row keeps its own messages: grouped by the page kit's formContext, whose keys drop a
  // row's number (`outputs.venue`), they showed beside no field and unlinked in the summary.
  it('links each row field’s message from the summary by the row’s number and field', () => {
    const html = finalPage('id', aFinal(), {
      values: { summary: 'x', 'outputs[0].type': 'publication', 'outputs[0].title': '', 'outputs[1].type': 'dataset', 'outputs[1].title': '' },
      issues: [
        { path: 'outputs[0].venue', message: 'Wajib diisi.' },
        { path: 'outputs[0].title', message: 'Wajib diisi.' },
        { path: 'outputs[1].title', message: 'Wajib diisi.' },
      ],
    });
    const alert = html.match(/<div class="alert" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(alert).toContain('<li><a href="#f-outputs-0-venue">Luaran 1: Jurnal, prosiding atau penerbit</a>: Wajib diisi.</li>');
    expect(alert).toContain('<li><a href="#f-outputs-0-title">Luaran 1: Judul</a>: Wajib diisi.</li>');
    expect(alert).toContain('<li><a href="#f-outputs-1-title">Luaran 2: Judul</a>: Wajib diisi.</li>');
  });

  it('shows each row field’s message beside that field only', () => {
    const html = finalPage('en', aFinal(), {
      values: { summary: 'x', 'outputs[0].type': 'publication', 'outputs[0].title': 'Naskah', 'outputs[1].type': 'publication', 'outputs[1].title': 'Kedua' },
      issues: [{ path: 'outputs[1].venue', message: 'This field is required.' }],
    });
    expect(html).toContain('<p class="error" id="f-outputs-1-venue-error">This field is required.</p>');
    expect(tagNamed(html, 'outputs\\[1\\]\\.venue')).toContain('aria-invalid="true"');
    expect(tagNamed(html, 'outputs\\[0\\]\\.venue')).not.toContain('aria-invalid');
  });

  it('lists an earlier submission’s outputs under it, read-only, with links to where they can be read', () => {
    const milestone = aFinal({
      status: 'REVISION_REQUESTED',
      round: 2,
      submissions: [firstSubmission({ outputs: [publication, { ...ip, title: markupText }] })],
    });
    const html = milestonePage({ lang: 'en', view: aPageView({ milestone, link: aMilestoneLink({ milestone: 3, round: 2 }) }) });
    const earlier = html.match(/<ol class="history">([\s\S]*?)<\/ol>\n<h2/)?.[1] ?? '';
    expect(earlier).toContain('<p>Outputs:</p>\n<ol class="outputs">');
    expect(earlier).toContain(
      '<li><strong>Publication</strong>: Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Published · <a href="https://doi.org/10.31294/mpp.2027.12" rel="noopener noreferrer nofollow">DOI 10.31294/mpp.2027.12</a></li>',
    );
    expect(earlier).toContain(`<li><strong>Intellectual property</strong>: ${escapedText} · Copyright · No. EC00202712345 · Registered</li>`);
    expect(html).not.toContain('<script>alert');
    expect(formOf(html)).not.toContain('Jurnal Administrasi Publik');

    const none = aFinal({ status: 'REVISION_REQUESTED', round: 2, submissions: [firstSubmission({ outputs: [] })] });
    expect(milestonePage({ lang: 'en', view: aPageView({ milestone: none, link: aMilestoneLink({ round: 2 }) }) })).not.toContain('<p>Outputs:</p>');
  });

  it('shows the co-reviewers the latest submission’s outputs, and the earlier round’s in its fold', () => {
    const milestone = aReviewedMilestone({
      number: 3,
      kind: 'final',
      submissions: [firstSubmission({ outputs: [ip] }), secondSubmission({ outputs: [publication] })],
    });
    const html = coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink(), milestone) });
    const latest = html.slice(html.indexOf('<h2>Kiriman ketua peneliti</h2>'), html.indexOf('<h2>Putaran sebelumnya</h2>'));
    expect(latest).toContain(
      '<dt>Luaran</dt><dd><ol class="outputs"><li><strong>Publikasi ilmiah</strong>: Kualitas layanan MPP Surakarta · Jurnal Administrasi Publik · Terbit (published) · <a href="https://doi.org/10.31294/mpp.2027.12" rel="noopener noreferrer nofollow">DOI 10.31294/mpp.2027.12</a></li></ol></dd>',
    );
    expect(latest).not.toContain('Hak cipta');
    const fold = html.match(/<details>[\s\S]*?<\/details>/)?.[0] ?? '';
    expect(fold).toContain('<li><strong>Kekayaan intelektual (KI)</strong>: Instrumen survei · Hak cipta · No. EC00202712345 · Tercatat / terdaftar</li>');
  });

  it('says a final report listed no outputs, and shows no outputs for a kind that has none', () => {
    const final = aReviewedMilestone({ kind: 'final', submissions: [firstSubmission(), secondSubmission({ outputs: [] })] });
    expect(coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), final) })).toContain('<dt>Outputs</dt><dd>No outputs listed.</dd>');
    expect(coReviewPage({ lang: 'id', view: aCoReviewView(aCoReviewLink(), final) })).toContain('<dt>Luaran</dt><dd>Tidak ada luaran yang dicantumkan.</dd>');
    expect(coReviewPage({ lang: 'en', view: aCoReviewView() })).not.toContain('<dt>Outputs</dt>');
  });

  it('escapes an output’s title and never links a stored address to anything but it', () => {
    const milestone = aReviewedMilestone({
      kind: 'output',
      submissions: [firstSubmission(), secondSubmission({ outputs: [{ type: 'other', title: markupText, url: 'https://example.org/?a=1&b=2' }] })],
    });
    const html = coReviewPage({ lang: 'en', view: aCoReviewView(aCoReviewLink(), milestone) });
    expect(html).toContain(
      `<li><strong>Other output</strong>: ${escapedText} · <a href="https://example.org/?a=1&amp;b=2" rel="noopener noreferrer nofollow">`,
    );
    expect(html).not.toContain('<script>alert');
  });
});
