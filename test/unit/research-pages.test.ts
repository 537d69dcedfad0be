import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import { projectTrackingPage, researchDecisionLabels, researchStepDonePage, researchStepPage } from '../../shared/research/research-pages.js';
import type { ResearchOutcome, ResearchStepLink } from '../../shared/research/research-records.js';
import type { MilestoneView, ProjectTrackingView, ResearchStepView } from '../../shared/research/views.js';
import { aConsentLink, aMilestoneView, anExtension, aPlanLink, aProjectWithTeam as aProject, decisionRadios, tagNamed } from '../support/research-fixtures.js';

const markupTitle = 'Kualitas <b>layanan</b> & keluhan warga';
const escapedTitle = 'Kualitas &lt;b&gt;layanan&lt;/b&gt; &amp; keluhan warga';

// ---------------------------------------------------------------------------------------------
// Fixtures

/** The three milestones as the views show them: the plan approved, the progress report overdue after an extension, the final report planned. */
function milestones(): MilestoneView[] {
  return [
    aMilestoneView({ title: 'Rencana kerja lapangan', dueDate: '2027-03-20', status: 'APPROVED', round: 1 }),
    aMilestoneView({
      number: 2,
      kind: 'progress',
      title: 'Kemajuan survei',
      dueDate: '2027-07-31',
      review: 'any',
      overdue: true,
      extensions: [
        anExtension({
          requestedAt: '2027-07-01T03:00:00.000Z',
          previousDueDate: '2027-07-15',
          newDueDate: '2027-07-31',
          reason: 'Data responden terlambat.',
          decidedAt: '2027-07-02T03:00:00.000Z',
        }),
      ],
    }),
    aMilestoneView({ number: 3, kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', status: 'PLANNED' }),
  ];
}

const aView = (link: ResearchStepLink, project = aProject()): ResearchStepView => ({ link, project, milestones: milestones(), proof: 'proof-value-123' });

function anOutcome(overrides: Partial<ResearchOutcome> = {}): ResearchOutcome {
  return { action: 'approve', decidedAt: '2027-03-03T03:00:00.000Z', decidedBy: { name: 'Rina Kusuma', email: 'rina@dinkes.surakarta.go.id' }, ...overrides };
}

function aTrackingView(overrides: Partial<ProjectTrackingView> = {}): ProjectTrackingView {
  return {
    id: 'rp-2027-001',
    type: 'project',
    status: 'ACTIVE',
    title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
    institution: 'Universitas Sebelas Maret',
    lead: { name: 'Dr. Sari Lestari' },
    startDate: '2027-03-01',
    endDate: '2027-12-15',
    round: 1,
    members: [
      { name: 'Dewi Anggraini', unit: 'Diskominfo', position: 'Pranata Komputer', consent: 'AGREED', jpHours: 30 },
      { name: 'Agus Prasetyo', unit: 'Dinas Kesehatan', position: 'Analis Kebijakan', consent: 'REFUSED', jpHours: 20 },
    ],
    milestones: milestones(),
    submittedAt: '2027-03-01T03:00:00.000Z',
    updatedAt: '2027-08-01T03:00:00.000Z',
    history: [
      { at: '2027-03-01T03:00:00.000Z', type: 'submitted', by: { role: 'partner', name: 'Wulan Sari' } },
      { at: '2027-03-01T04:00:00.000Z', type: 'consent-requested', step: 'consent', member: 2 },
      {
        at: '2027-03-03T03:00:00.000Z',
        type: 'consent-refused',
        step: 'consent',
        member: 2,
        by: { role: 'supervisor', name: 'Rina Kusuma' },
        action: 'reject',
        comment: 'Beban kerja tinggi.',
      },
      {
        at: '2027-03-05T03:00:00.000Z',
        type: 'approved',
        step: 'plan-review',
        round: 1,
        by: { role: 'coordinator', name: 'Bambang Koordinator' },
        action: 'approve',
      },
    ],
    ...overrides,
  };
}

/** The rows of the table under the heading with this id. */
function rowsOf(html: string, titleId: string): string[] {
  const table = html.match(new RegExp(`<table aria-labelledby="${titleId}">[\\s\\S]*?</table>`))?.[0] ?? '';
  return (
    table
      .split('<tbody>')[1]
      ?.split('\n')
      .filter((line) => line.startsWith('<tr>')) ?? []
  );
}

// ---------------------------------------------------------------------------------------------

describe('researchStepPage', () => {
  describe('consent', () => {
    it('asks about the member concerned, prominently, with their facts and the project’s', () => {
      const html = researchStepPage({ lang: 'id', view: aView(aConsentLink()) });
      expect(html).toContain('<h1>Persetujuan keikutsertaan anggota</h1>');
      expect(html).toContain('<p class="lead">Bolehkah <strong>Agus Prasetyo</strong> ikut serta sebagai anggota tim proyek penelitian di bawah ini?</p>');
      for (const fact of [
        '199106122023211003',
        'PPPK (Pegawai Pemerintah dengan Perjanjian Kerja)',
        'Dinas Kesehatan',
        'Analis Kebijakan',
        '20 JP',
        'Kualitas layanan Mal Pelayanan Publik Surakarta',
        'Universitas Sebelas Maret',
        'Dr. Sari Lestari',
        '1 Maret 2027 – 15 Desember 2027',
        'Survei kepuasan dan observasi layanan.\nTiga tahap.',
        'Rina Kusuma',
        '4 Maret 2027 pukul 10.00 WIB',
      ])
        expect(html).toContain(fact);
      expect(html).not.toContain('Dewi Anggraini');
      expect(html).not.toContain('199002152015032001');
    });

    it('offers exactly the link’s actions, with the consent words, none chosen', () => {
      expect(decisionRadios(researchStepPage({ lang: 'id', view: aView(aConsentLink()) }))).toEqual([
        { value: 'approve', label: 'Setujui keikutsertaan', checked: false },
        { value: 'reject', label: 'Tidak setuju', checked: false },
      ]);
      expect(decisionRadios(researchStepPage({ lang: 'en', view: aView(aConsentLink()) })).map((r) => r.label)).toEqual([
        'Agree to their taking part',
        'Refuse',
      ]);
    });

    it('says the reason is required for a refusal and goes to the member', () => {
      const html = researchStepPage({ lang: 'en', view: aView(aConsentLink()) });
      expect(html).toContain('<p class="hint" id="f-comment-hint">Required for “Refuse”: the member is told your reason. Optional when agreeing.</p>');
      expect(html).toContain('Note for the member');
    });
  });

  describe('plan-review', () => {
    it('shows the whole plan: co-reviewer, objectives, the team with consent', () => {
      const html = researchStepPage({ lang: 'en', view: aView(aPlanLink()) });
      expect(html).toContain('<h1>Review of the research plan</h1>');
      for (const fact of ['Prof. Hadi Santoso', 'Memetakan waktu tunggu dan keluhan warga.', 'Survei kepuasan dan observasi layanan.'])
        expect(html).toContain(fact);
      const team = rowsOf(html, 'team-title');
      expect(team).toHaveLength(2);
      expect(team[0]).toContain('<th scope="row">Dewi Anggraini</th>');
      expect(team[0]).toContain('Supervisor agreed');
      expect(team[1]).toContain('<th scope="row">Agus Prasetyo</th>');
      expect(team[1]).toContain('Awaiting the supervisor&#39;s consent');
    });

    it('offers the link’s actions in the order approve, revise, reject, and only those', () => {
      expect(decisionRadios(researchStepPage({ lang: 'id', view: aView(aPlanLink()) }))).toEqual([
        { value: 'approve', label: 'Setujui rencana', checked: false },
        { value: 'revise', label: 'Minta revisi', checked: false },
        { value: 'reject', label: 'Tolak', checked: false },
      ]);
      const noRevision = researchStepPage({ lang: 'en', view: aView(aPlanLink({ actions: ['reject', 'approve'] })) });
      expect(decisionRadios(noRevision).map((r) => [r.value, r.label])).toEqual([
        ['approve', 'Approve the plan'],
        ['reject', 'Reject'],
      ]);
      expect(noRevision).not.toContain('value="revise"');
    });

    it('says a comment is required to reject or ask for a revision, and goes to the partner', () => {
      expect(researchStepPage({ lang: 'id', view: aView(aPlanLink()) })).toContain(
        '<p class="hint" id="f-comment-hint">Wajib diisi untuk “Minta revisi” atau “Tolak”: komentar Anda dikirim kepada mitra. Opsional bila menyetujui.</p>',
      );
    });

    it('says the plan is back after a revision', () => {
      expect(researchStepPage({ lang: 'en', view: aView(aPlanLink({ round: 2 }), aProject({ round: 2 })) })).toContain(
        '<dt>Review round</dt><dd>2 (after a revision by the partner)</dd>',
      );
    });
  });

  it.each([
    ['consent', aConsentLink],
    ['plan-review', aPlanLink],
  ] as const)('%s: lists the milestones as a table with kind, due date and review rule', (_, link) => {
    const rows = rowsOf(researchStepPage({ lang: 'en', view: aView(link()) }), 'milestones-title');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe(
      '<tr><td>1</td><th scope="row">Rencana kerja lapangan</th><td>Research plan</td><td><time datetime="2027-03-20">20 March 2027</time></td><td>Both reviewers must approve</td></tr>',
    );
    expect(rows[1]).toContain('The first decision decides');
    expect(rows[2]).toContain('Final report');
  });

  it.each([
    ['consent', aConsentLink],
    ['plan-review', aPlanLink],
  ] as const)('%s: posts one form to its own address, with the proof, the choice, the comment and one button, in that order', (_, link) => {
    const html = researchStepPage({ lang: 'id', view: aView(link()) });
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" aria-labelledby="step-form-title" novalidate>');
    expect(html).toContain('<input type="hidden" name="proof" value="proof-value-123">');
    const form = html.slice(html.indexOf('<form '), html.indexOf('</form>'));
    const order = ['name="proof"', 'name="decision"', 'name="comment"', '<button type="submit">Kirim keputusan</button>'].map((marker) => form.indexOf(marker));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html).toMatch(/<fieldset id="f-decision">\n<legend>Apa keputusan Anda\? <span class="req">\(wajib\)<\/span><\/legend>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('explains that opening the page changes nothing', () => {
    expect(researchStepPage({ lang: 'en', view: aView(aConsentLink()) })).toContain('Opening this page changes nothing');
    expect(researchStepPage({ lang: 'id', view: aView(aPlanLink()) })).toContain('Membuka halaman ini tidak mengubah apa pun');
  });

  it('marks a backup link, and only a backup link', () => {
    const holder = { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id', language: 'en' as Language };
    expect(researchStepPage({ lang: 'en', view: aView(aConsentLink({ attempt: 'backup', holder })) })).toContain(
      'passed to you as the backup approver because the member&#39;s supervisor did not answer before the deadline',
    );
    expect(researchStepPage({ lang: 'en', view: aView(aPlanLink({ attempt: 'backup' })) })).toContain(
      'because the BKPSDM coordinator did not decide before the deadline',
    );
    expect(researchStepPage({ lang: 'en', view: aView(aConsentLink()) })).not.toContain('backup approver');
    expect(researchStepPage({ lang: 'en', view: aView(aPlanLink()) })).not.toContain('backup approver');
  });

  it('shows the issues in a summary linked to their fields, each beside its field, keeping what was sent', () => {
    const html = researchStepPage({
      lang: 'en',
      view: aView(aPlanLink()),
      values: { decision: 'revise', comment: 'Perjelas <b>metode</b>' },
      issues: [
        { path: 'comment', message: 'Write what the partner should change.' },
        { path: 'decision', message: 'Choose one decision.' },
      ],
    });
    const alert = html.match(/<div class="alert" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(alert).toContain('<a href="#f-comment">Comment for the partner</a>: Write what the partner should change.');
    expect(alert).toContain('<a href="#f-decision">Your decision</a>: Choose one decision.');
    expect(html).toContain('<p class="error" id="f-comment-error">Write what the partner should change.</p>');
    expect(html).toContain('<p class="error" id="f-decision-error">Choose one decision.</p>');
    const comment = tagNamed(html, 'comment');
    expect(comment).toContain('aria-invalid="true"');
    expect(comment).toContain('aria-describedby="f-comment-hint f-comment-error"');
    expect(html).toContain('>Perjelas &lt;b&gt;metode&lt;/b&gt;</textarea>');
    expect(decisionRadios(html).map((r) => [r.value, r.checked])).toEqual([
      ['approve', false],
      ['revise', true],
      ['reject', false],
    ]);
  });

  it('escapes a title with markup, in the page and its title', () => {
    const html = researchStepPage({ lang: 'id', view: aView(aPlanLink(), aProject({}, { title: markupTitle })) });
    expect(html).toContain(escapedTitle);
    expect(html).toContain(`<title>Tinjauan rencana penelitian: ${escapedTitle} · Sinergi</title>`);
    expect(html).not.toContain('<b>layanan');
  });

  it('refuses a step that has no decision page here', () => {
    expect(() => researchStepPage({ lang: 'id', view: aView(aPlanLink({ step: 'milestone' })) })).toThrow(RangeError);
  });

  it('exports the button words for the server’s messages', () => {
    expect(researchDecisionLabels.consent.reject).toEqual({ id: 'Tidak setuju', en: 'Refuse' });
    expect(researchDecisionLabels['plan-review'].revise).toEqual({ id: 'Minta revisi', en: 'Ask for a revision' });
    expect(researchDecisionLabels.consent.revise).toBeUndefined();
  });
});

describe('researchStepDonePage', () => {
  const done = (lang: Language, link: ResearchStepLink, outcome: Partial<ResearchOutcome> = {}, project = aProject()) =>
    researchStepDonePage({ lang, link, outcome: anOutcome(outcome), project });

  it('says what was recorded, by whom and when, escaping the comment', () => {
    const html = done('en', aConsentLink(), { action: 'reject', comment: 'Workload <b>high</b> & meetings' });
    expect(html).toContain('<h1>Decision recorded</h1>');
    expect(html).toContain('Thank you, Rina Kusuma.');
    expect(html).toContain('<dd>Agus Prasetyo</dd>');
    expect(html).toContain('<dd>Supervisor refused</dd>');
    expect(html).toContain('Workload &lt;b&gt;high&lt;/b&gt; &amp; meetings');
    expect(html).not.toContain('<b>high');
    expect(html).toContain('3 March 2027 at 10:00 WIB');
  });

  it('consent: the coordinator reviews the plan once every supervisor has answered', () => {
    const agreed = done('en', aConsentLink());
    expect(agreed).toContain('<dd>Supervisor agreed</dd>');
    expect(agreed).toContain(
      'This member stays on the team. Once every member&#39;s supervisor has answered, the BKPSDM coordinator reviews the research plan.',
    );
    const refused = done('id', aConsentLink(), { action: 'reject', comment: 'x' });
    expect(refused).toContain('tidak lagi tercantum dalam tim dan diberi tahu melalui email');
    expect(refused).toContain('Setelah atasan semua anggota menjawab, koordinator BKPSDM meninjau rencana penelitian.');
  });

  it('plan-review: says what each decision sets going', () => {
    const coordinator = { decidedBy: { name: 'Bambang Koordinator', email: 'koordinator@surakarta.go.id' } };
    expect(done('en', aPlanLink(), coordinator)).toContain('The project is now active. The lead researcher and each ASN member receive an email');
    expect(done('en', aPlanLink(), { ...coordinator, action: 'revise', comment: 'x' })).toContain(
      'The partner receives an email with a link to revise the plan',
    );
    expect(done('en', aPlanLink(), { ...coordinator, action: 'reject', comment: 'x' })).toContain('The partner is told by email, with your reason.');
    expect(done('id', aPlanLink(), { ...coordinator, action: 'revise', comment: 'x' })).toContain('<dd>Minta perbaikan</dd>');
  });

  it('has no language switch: it answers a POST', () => {
    expect(done('id', aPlanLink())).not.toContain('lang=en');
  });
});

describe('projectTrackingPage', () => {
  it('shows the status as a localized badge, with the project’s facts', () => {
    const html = projectTrackingPage({ lang: 'id', view: aTrackingView() });
    expect(html).toContain('<span class="badge ACTIVE">Berjalan</span>');
    expect(html).toContain('<h1>Kualitas layanan Mal Pelayanan Publik Surakarta</h1>');
    expect(html).toContain('<dd>Dr. Sari Lestari</dd>');
    expect(html).toContain('Proyek sedang berjalan.');
    expect(projectTrackingPage({ lang: 'en', view: aTrackingView({ status: 'CONSENT' }) })).toContain(
      '<span class="badge CONSENT">Awaiting the members&#39; supervisors</span>',
    );
  });

  it('lists each member with their supervisor’s consent', () => {
    const rows = rowsOf(projectTrackingPage({ lang: 'en', view: aTrackingView() }), 'team-title');
    expect(rows).toEqual([
      '<tr><td>1</td><th scope="row">Dewi Anggraini</th><td>Pranata Komputer</td><td>Diskominfo</td><td>30 JP</td><td>Supervisor agreed</td></tr>',
      '<tr><td>2</td><th scope="row">Agus Prasetyo</th><td>Analis Kebijakan</td><td>Dinas Kesehatan</td><td>20 JP</td><td>Supervisor refused</td></tr>',
    ]);
  });

  it('lists the milestones with status, the overdue mark on the late one only, round and extensions', () => {
    const rows = rowsOf(projectTrackingPage({ lang: 'id', view: aTrackingView() }), 'milestones-title');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('<span class="badge APPROVED">Disetujui</span></td><td>1</td><td>–</td>');
    expect(rows[1]).toContain('<th scope="row">Kemajuan survei</th><td>Laporan kemajuan</td>');
    expect(rows[1]).toContain('<span class="badge OPEN">Dibuka</span> <strong class="error">Terlambat</strong>');
    expect(rows[1]).toContain('<time datetime="2027-07-15">15 Juli 2027</time> → <time datetime="2027-07-31">31 Juli 2027</time>: Disetujui');
    for (const row of [rows[0], rows[2]]) expect(row).not.toContain('Terlambat');
  });

  it('draws the timeline above the table when it knows today, and the table alone otherwise', () => {
    const withTimeline = projectTrackingPage({ lang: 'en', view: aTrackingView(), today: '2027-08-01' });
    expect(withTimeline).toContain('<div class="milestone-timeline">');
    expect(withTimeline.indexOf('<div class="milestone-timeline">')).toBeLessThan(withTimeline.indexOf('<table aria-labelledby="milestones-title">'));
    expect(withTimeline).toContain('Today: 1 August 2027.');
    const tableOnly = projectTrackingPage({ lang: 'en', view: aTrackingView() });
    expect(tableOnly).not.toContain('milestone-timeline');
    expect(tableOnly).toContain('<table aria-labelledby="milestones-title">');
  });

  it('lists the history in order, with event, time, who, details and comment', () => {
    const html = projectTrackingPage({ lang: 'id', view: aTrackingView() });
    const items = (html.match(/<ol class="history">[\s\S]*<\/ol>/)?.[0] ?? '').split('<li>').slice(1);
    expect(items).toHaveLength(4);
    expect(items[0]).toContain(
      '<strong>Diajukan</strong> — <time datetime="2027-03-01T03:00:00.000Z">1 Maret 2027 pukul 10.00 WIB</time>, oleh Narahubung mitra (Wulan Sari)',
    );
    expect(items[1]).toContain('oleh Sistem');
    expect(items[1]).toContain('Tahap: Persetujuan keikutsertaan anggota · Anggota 2');
    expect(items[2]).toContain('Atasan langsung anggota (Rina Kusuma)');
    expect(items[2]).toContain('Keputusan: <strong>Tolak</strong>');
    expect(items[2]).toContain('<blockquote aria-label="Komentar">Beban kerja tinggi.</blockquote>');
    expect(items[3]).toContain('Koordinator BKPSDM (Bambang Koordinator)');
  });

  it('escapes the title, names and comments', () => {
    const html = projectTrackingPage({
      lang: 'en',
      view: aTrackingView({
        title: markupTitle,
        members: [{ name: markupTitle, unit: 'U', position: 'P', consent: 'AGREED', jpHours: 1 }],
        history: [{ at: '2027-03-01T03:00:00.000Z', type: 'decided', by: { role: 'coordinator', name: markupTitle }, comment: markupTitle }],
      }),
    });
    expect(html).toContain(escapedTitle);
    expect(html).not.toContain('<b>layanan');
  });

  it('says so when there is no history or no member', () => {
    const html = projectTrackingPage({ lang: 'en', view: aTrackingView({ history: [], members: [] }) });
    expect(html).toContain('No history yet.');
    expect(html).toContain('There are no ASN members on the team.');
  });
});
