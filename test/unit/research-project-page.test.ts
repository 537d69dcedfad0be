import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/kernel/i18n.js';
import type { Clock } from '../../shared/kernel/time.js';
import type { ResearchReadDeps } from '../../shared/research/deps.js';
import type { LogbookEntry } from '../../shared/research/logbook.js';
import { type ProjectPageView, projectPage, showProjectPage } from '../../shared/research/project-page.js';
import { type ProjectHolder, projectPageLink, projectPageToken } from '../../shared/research/research-links.js';
import type { MilestoneRecord, ProjectEvent, ProjectWithTeam } from '../../shared/research/research-records.js';
import type { ResearchRepository } from '../../shared/research/research-repository.js';
import { aConfig } from '../support/fixtures.js';
import { aProjectWithTeam } from '../support/research-fixtures.js';

/** Every page is shown at 10:00 WIB on 2 August 2027: the progress report, due 31 July, is overdue. */
const now = new Date('2027-08-02T03:00:00.000Z');
const clock: Clock = { now: () => now };
const config = aConfig();

const markupText = 'Kualitas <script>alert(1)</script> & keluhan warga';
const escapedText = 'Kualitas &lt;script&gt;alert(1)&lt;/script&gt; &amp; keluhan warga';

// ---------------------------------------------------------------------------------------------
// Fixtures

function aProject(overrides: Partial<ProjectWithTeam> = {}, data: Partial<ProjectWithTeam['data']> = {}): ProjectWithTeam {
  const member = (number: number, name: string, jpHours: number) => ({
    number,
    nip: `19900215201503200${number}`,
    employmentType: 'PNS' as const,
    name,
    email: `m${number}@surakarta.go.id`,
    unit: 'Dinas Pendidikan',
    position: 'Analis Kebijakan',
    supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    jpHours,
    consent: 'AGREED' as const,
  });
  return aProjectWithTeam(
    {
      status: 'ACTIVE',
      members: [member(1, 'Dewi Anggraini', 30), member(2, 'Agus Prasetyo', 20)],
      createdAt: '2027-02-20T03:00:00.000Z',
      updatedAt: '2027-03-01T03:00:00.000Z',
      approvedAt: '2027-03-01T03:00:00.000Z',
      ...overrides,
    },
    { summary: 'Survei kepuasan.', objectives: 'Memetakan waktu tunggu.', milestones: [], ...data },
  );
}

function aMilestone(overrides: Partial<MilestoneRecord>): MilestoneRecord {
  return {
    projectId: 'rp-2027-001',
    number: 1,
    kind: 'plan',
    title: 'Rencana kerja lapangan',
    dueDate: '2027-03-20',
    review: 'all',
    status: 'PLANNED',
    round: 0,
    extensions: [],
    submissions: [],
    reviews: [],
    updatedAt: '2027-03-01T03:00:00.000Z',
    ...overrides,
  };
}

/** The plan approved on 25 March, the progress report open past its extended due date, the final report planned. */
const milestones = [
  aMilestone({ number: 1, status: 'APPROVED', round: 1, approvedAt: '2027-03-25T03:00:00.000Z' }),
  aMilestone({
    number: 2,
    kind: 'progress',
    title: 'Kemajuan survei',
    dueDate: '2027-07-31',
    status: 'OPEN',
    extensions: [
      {
        number: 1,
        requestedAt: '2027-07-01T03:00:00.000Z',
        previousDueDate: '2027-07-15',
        newDueDate: '2027-07-31',
        reason: 'Data responden terlambat.',
        status: 'APPROVED',
        decidedAt: '2027-07-02T03:00:00.000Z',
      },
    ],
  }),
  aMilestone({ number: 3, kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'any' }),
];

const lead = { role: 'lead', name: 'Dr. Sari Lestari' } as const;
const dewi = { role: 'member', member: 1, name: 'Dewi Anggraini' } as const;
const agus = { role: 'member', member: 2, name: 'Agus Prasetyo' } as const;

let n = 0;
function anEntry(overrides: Partial<LogbookEntry>): LogbookEntry {
  n += 1;
  return {
    projectId: 'rp-2027-001',
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    by: dewi,
    date: '2027-07-20',
    hours: 2,
    activity: 'Wawancara warga.',
    createdAt: '2027-07-20T09:00:00.000Z',
    ...overrides,
  };
}

const entries = [
  anEntry({ by: dewi, date: '2027-03-10', hours: 1.5, activity: 'Dewi: uji coba kuesioner.' }),
  anEntry({ by: agus, date: '2027-07-21', hours: 3, activity: 'Agus: entri data survei.' }),
  anEntry({ by: lead, date: '2027-07-22', hours: 4, activity: 'Ketua: analisis awal.' }),
  anEntry({ by: dewi, date: '2027-08-01', hours: 2, activity: markupText }),
];

/** The page as its holder sees it, read through the page's use case from an in-memory project. */
async function pageOf(
  holder: ProjectHolder,
  lang: Language,
  options: { project?: ProjectWithTeam; entries?: LogbookEntry[]; render?: Omit<Parameters<typeof projectPage>[0], 'lang' | 'view'> } = {},
): Promise<{ page: string; view: ProjectPageView; token: string }> {
  const whole = options.project ?? aProject();
  const link = projectPageLink(config.LINK_SECRET, whole, holder, '2027-03-01T03:00:00.000Z');
  const research = {
    getLink: async (hash: string) => (hash === link.hash ? link : undefined),
    getProjectWhole: async () => ({ project: whole, milestones, history: [] as ProjectEvent[] }),
    logbook: async () => options.entries ?? entries,
  };
  const deps: ResearchReadDeps = { config, clock, research: research as unknown as ResearchRepository };
  const token = projectPageToken(config.LINK_SECRET, whole, holder);
  const view = await showProjectPage(token, lang, deps);
  return { page: projectPage({ lang, view, ...options.render }), view, token };
}

/** The page's text without its markup, with its entities read, as a reader reads it. */
const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/ ([:.,])/g, '$1');

/** One section of the page: from a heading's id to the next heading of that level or higher. */
function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  const next = page.slice(start + 1).search(/<h2[ >]/);
  return next === -1 ? page.slice(start) : page.slice(start, start + 1 + next);
}

// ---------------------------------------------------------------------------------------------

describe('the project page of a member or the lead', () => {
  it('says whose page it is, in both languages', async () => {
    expect(textOf((await pageOf({ role: 'lead' }, 'id')).page)).toContain('Anda: ketua peneliti — Dr. Sari Lestari');
    expect(textOf((await pageOf({ role: 'member', member: 1 }, 'id')).page)).toContain('Anda: anggota — Dewi Anggraini');
    expect(textOf((await pageOf({ role: 'lead' }, 'en')).page)).toContain('You: lead researcher — Dr. Sari Lestari');
    expect(textOf((await pageOf({ role: 'member', member: 2 }, 'en')).page)).toContain('You: member — Agus Prasetyo');
  });

  it('is written in the reader’s language, with a switch to the other on the page’s own address', async () => {
    const { page: id, token } = await pageOf({ role: 'member', member: 1 }, 'id');
    const { page: en } = await pageOf({ role: 'member', member: 1 }, 'en');
    expect(id).toContain('<html lang="id">');
    expect(id).toContain(`href="/projects/${token}?lang=en"`);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain(`href="/projects/${token}?lang=id"`);
    expect(textOf(en)).toContain('Your logbook');
    expect(textOf(id)).toContain('Logbook Anda');
  });

  it('shows the project’s facts and status, and a member their JP', async () => {
    const text = textOf((await pageOf({ role: 'member', member: 2 }, 'id')).page);
    for (const fact of [
      'Kualitas layanan Mal Pelayanan Publik Surakarta',
      'Universitas Sebelas Maret',
      'Prof. Hadi Santoso',
      '1 Maret 2027 – 15 Desember 2027',
      'Berjalan',
      '20 JP',
    ])
      expect(text).toContain(fact);
    expect(textOf((await pageOf({ role: 'lead' }, 'id')).page)).not.toContain('JP Anda');
  });

  it('draws the milestones on a timeline with today marked, and lists each with its status, due date, overdue mark, round and extensions', async () => {
    const { page } = await pageOf({ role: 'member', member: 1 }, 'id');
    expect(page).toContain('<svg class="timeline" role="img"');
    expect(page).toContain('<g class="today" data-date="2027-08-02">');
    expect(page).toMatch(/<g class="milestone active overdue" data-milestone="2" data-due="2027-07-31"/);
    const table = section(page, 'milestones-title');
    const row = /<tr><td>2<\/td>.*?<\/tr>/.exec(table)?.[0] ?? '';
    expect(textOf(row)).toContain('Kemajuan survei Laporan kemajuan 31 Juli 2027 Dibuka Terlambat – 15 Juli 2027 → 31 Juli 2027: Disetujui');
    expect(textOf(/<tr><td>1<\/td>.*?<\/tr>/.exec(table)?.[0] ?? '')).toContain('Disetujui 1 –');
  });

  it('links the calendar feed, in the page’s language, and says how to subscribe', async () => {
    const { page, token } = await pageOf({ role: 'member', member: 1 }, 'en');
    expect(page).toContain(`href="https://sinergi.surakarta.go.id/projects/${token}/calendar.ics?lang=en"`);
    expect(textOf(section(page, 'calendar-title'))).toContain('To subscribe, copy this link and add it in your calendar app as a calendar from a URL');
    const { page: id, token: idToken } = await pageOf({ role: 'member', member: 1 }, 'id');
    expect(id).toContain(`href="https://sinergi.surakarta.go.id/projects/${idToken}/calendar.ics"`);
  });

  it('shows a member their own entries only, newest first, and no team logbook', async () => {
    const { page } = await pageOf({ role: 'member', member: 1 }, 'id');
    const text = textOf(page);
    expect(text).not.toContain('Agus: entri data survei.');
    expect(text).not.toContain('Ketua: analisis awal.');
    expect(page).not.toContain('team-entries-title');
    const own = section(page, 'logbook-title');
    expect(own.indexOf(escapedText)).toBeGreaterThan(-1);
    expect(own.indexOf(escapedText)).toBeLessThan(own.indexOf('Dewi: uji coba kuesioner.'));
    expect(textOf(own)).toContain('1 Agustus 2027 2 jam');
    expect(textOf(own)).toContain('10 Maret 2027 1,5 jam');
  });

  it('shows the lead their own entries and, read-only, every member’s with its author', async () => {
    const { page } = await pageOf({ role: 'lead' }, 'en');
    const own = section(page, 'logbook-title');
    expect(textOf(own)).toContain('Ketua: analisis awal.');
    expect(textOf(own)).not.toContain('Agus: entri data survei.');
    const team = section(page, 'team-entries-title');
    expect(team).not.toContain('<form');
    const text = textOf(team);
    expect(text).toContain('1 August 2027');
    expect(text).toContain('Agus Prasetyo (Member 2) 3 hours Agus: entri data survei.');
    expect(text).toContain('Dewi Anggraini (Member 1) 1.5 hours Dewi: uji coba kuesioner.');
    expect(text.indexOf('Agus: entri data')).toBeLessThan(text.indexOf('Dewi: uji coba'));
  });

  it('says what goes to the reviewers with the next submission: the entries since the last approval', async () => {
    // The plan was approved on 25 March: Dewi's entry of 10 March went with it.
    expect(textOf((await pageOf({ role: 'member', member: 1 }, 'id')).page)).toContain(
      'Untuk pengiriman tahap berikutnya: 1 catatan, 2 jam sejak 25 Maret 2027.',
    );
    expect(textOf((await pageOf({ role: 'lead' }, 'en')).page)).toContain('For the next submission (the whole team): 3 entries, 9 hours since 25 March 2027.');
  });

  it('offers the logbook form with its labelled fields, today’s date and the page’s proof, posting to the logbook address', async () => {
    const { page, view, token } = await pageOf({ role: 'member', member: 1 }, 'id');
    const form = /<form [^>]*>[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    expect(form).toContain(`action="/projects/${token}/logbook?lang=id"`);
    expect(form).toContain('method="post"');
    expect(form).toContain(`<input type="hidden" name="proof" value="${view.proof}">`);
    expect(form).toMatch(/<label for="f-date">Tanggal kegiatan <span class="req">\(wajib\)<\/span><\/label>/);
    expect(form).toMatch(
      /<input type="date" id="f-date" name="date" required aria-describedby="f-date-hint" value="2027-08-02" class="short" min="2027-03-01" max="2027-08-02">/,
    );
    expect(form).toMatch(
      /<input type="number" id="f-hours" name="hours" required aria-describedby="f-hours-hint" value="" class="short" min="0.5" max="12" step="0.5" inputmode="decimal">/,
    );
    expect(form).toMatch(/<label for="f-activity">Kegiatan/);
    expect(form).toContain('maxlength="2000"');
    expect(form).toContain('<button type="submit">Simpan catatan</button>');
  });

  it('shows each field’s message beside it and in the summary, with what was typed kept and escaped', async () => {
    const { page } = await pageOf({ role: 'member', member: 1 }, 'en', {
      render: {
        issues: [
          { path: 'date', message: 'The date cannot be after today: log work already done.' },
          { path: 'hours', message: 'The hours must be between 0.5 and 12.' },
        ],
        values: { date: '2027-08-09', hours: '13', activity: markupText },
      },
    });
    expect(page).toContain('role="alert"');
    expect(page).toContain('<li><a href="#f-date">Date of the activity</a>: The date cannot be after today: log work already done.</li>');
    expect(page).toContain('<li><a href="#f-hours">Hours</a>: The hours must be between 0.5 and 12.</li>');
    expect(page).toMatch(/id="f-date" name="date" required aria-invalid="true" aria-describedby="f-date-hint f-date-error" value="2027-08-09"/);
    expect(page).toMatch(/id="f-hours" name="hours" required aria-invalid="true" aria-describedby="f-hours-hint f-hours-error" value="13"/);
    expect(page).toContain(`>${escapedText}</textarea>`);
    expect(page).not.toContain('<script>');
  });

  it('says when an entry was saved', async () => {
    const { page } = await pageOf({ role: 'member', member: 1 }, 'id', { render: { notice: 'logged' } });
    expect(page).toContain('<p class="box ok lead" role="status">Catatan logbook tersimpan.</p>');
    expect((await pageOf({ role: 'member', member: 1 }, 'id')).page).not.toContain('role="status"');
  });

  it('offers no form once the project is no longer active, and still shows the entries', async () => {
    const { page } = await pageOf({ role: 'member', member: 1 }, 'en', { project: aProject({ status: 'COMPLETED' }) });
    expect(page).not.toContain('<form');
    expect(textOf(page)).toContain('The logbook takes entries only while the project is active.');
    expect(textOf(page)).toContain('Dewi: uji coba kuesioner.');
  });

  it('escapes every text a person typed or a record holds', async () => {
    const project = aProject({ institution: markupText }, { title: markupText, lead: { name: markupText, email: 'sari@uns.example' } });
    const { page } = await pageOf({ role: 'lead' }, 'id', { project, entries: [anEntry({ by: { ...agus, name: markupText }, activity: markupText })] });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`<h1>${escapedText}</h1>`);
    expect(page).toContain(`<title>Halaman proyek: ${escapedText} · Sinergi</title>`);
    expect(page.split(escapedText).length).toBeGreaterThan(5);
  });

  it('says when there are no entries yet', async () => {
    const { page } = await pageOf({ role: 'lead' }, 'id', { entries: [] });
    expect(textOf(page)).toContain('Belum ada catatan.');
    expect(textOf(page)).toContain('Anggota tim belum membuat catatan.');
    expect(textOf(page)).toContain('0 catatan, 0 jam sejak 25 Maret 2027');
  });
});
