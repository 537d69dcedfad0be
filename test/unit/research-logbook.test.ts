import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/kernel/errors.js';
import type { Language } from '../../shared/kernel/i18n.js';
import { pageProof } from '../../shared/kernel/steps/tokens.js';
import type { Clock } from '../../shared/kernel/time.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';
import type { ResearchReadDeps } from '../../shared/research/deps.js';
import {
  entriesSince,
  type LogbookEntry,
  lastApprovalDate,
  logbookEntryFromForm,
  logbookEntryInput,
  logbookFacts,
  MAX_LOGBOOK_ENTRIES_PER_DAY,
  summarizeLogbook,
} from '../../shared/research/logbook.js';
import { showProjectPage, submitLogbookEntry } from '../../shared/research/project-page.js';
import { type ProjectHolder, projectPageLink, projectPageToken } from '../../shared/research/research-links.js';
import type { MilestoneRecord, ProjectEvent, ProjectWithTeam } from '../../shared/research/research-records.js';
import type { ResearchRepository } from '../../shared/research/research-repository.js';
import { aConfig, rejectionOf } from '../support/fixtures.js';

/** Every test runs at 01:00 WIB on 6 March 2027, still 5 March in UTC. */
const now = new Date('2027-03-05T18:00:00.000Z');
const clock: Clock = { now: () => now };
const project = { startDate: '2027-03-01', endDate: '2027-12-15' };
const schema = logbookEntryInput(project, clock);

const anEntryInput = (overrides: Record<string, unknown> = {}) => ({ date: '2027-03-04', hours: 2, activity: 'Wawancara warga di MPP.', ...overrides });

/** The messages a body gets, by field, in `lang`. */
function issuesOf(body: unknown, lang: Language = 'id'): Record<string, string[]> {
  const result = schema.safeParse(body);
  if (result.success) return {};
  const byPath: Record<string, string[]> = {};
  for (const issue of toFieldIssues(result.error.issues, lang, body)) byPath[issue.path] = [...(byPath[issue.path] ?? []), issue.message];
  return byPath;
}

describe('a logbook entry', () => {
  it('takes a date within the project and not after today, hours in steps of 0.5, and an activity', () => {
    expect(schema.parse(anEntryInput({ activity: '  Wawancara warga.\nDua responden.  ' }))).toEqual({
      date: '2027-03-04',
      hours: 2,
      activity: 'Wawancara warga.\nDua responden.',
    });
  });

  it('takes the first day of the project and today in WIB, though it is still yesterday in UTC', () => {
    expect(schema.safeParse(anEntryInput({ date: '2027-03-01' })).success).toBe(true);
    expect(schema.safeParse(anEntryInput({ date: '2027-03-06' })).success).toBe(true);
  });

  it('refuses tomorrow in WIB, in both languages', () => {
    expect(issuesOf(anEntryInput({ date: '2027-03-07' }))).toEqual({
      date: ['Tanggal tidak boleh setelah hari ini: catat kegiatan yang sudah dikerjakan.'],
    });
    expect(issuesOf(anEntryInput({ date: '2027-03-07' }), 'en')).toEqual({ date: ['The date cannot be after today: log work already done.'] });
  });

  it('refuses a date before the project starts or after it ends, naming its dates in the reader’s language', () => {
    expect(issuesOf(anEntryInput({ date: '2027-02-28' }))).toEqual({
      date: ['Tanggal harus dalam masa proyek (1 Maret 2027 s.d. 15 Desember 2027).'],
    });
    expect(issuesOf(anEntryInput({ date: '2027-02-28' }), 'en')).toEqual({
      date: ["The date must fall within the project's dates (1 March 2027 to 15 December 2027)."],
    });
    const ended = logbookEntryInput({ startDate: '2027-01-01', endDate: '2027-02-28' }, clock);
    expect(ended.safeParse(anEntryInput({ date: '2027-03-01' })).success).toBe(false);
    expect(ended.safeParse(anEntryInput({ date: '2027-02-28' })).success).toBe(true);
  });

  it('refuses a date that does not exist or is not YYYY-MM-DD with the format message alone', () => {
    expect(issuesOf(anEntryInput({ date: '2027-02-30' }))).toEqual({ date: ['Tanggal harus berformat TTTT-BB-HH dan nyata.'] });
    expect(issuesOf(anEntryInput({ date: '04/03/2027' }), 'en')).toEqual({ date: ['Must be a real date as YYYY-MM-DD.'] });
  });

  it('takes 0.5 and 12 hours and refuses anything outside them', () => {
    expect(schema.safeParse(anEntryInput({ hours: 0.5 })).success).toBe(true);
    expect(schema.safeParse(anEntryInput({ hours: 12 })).success).toBe(true);
    for (const hours of [0, 12.5, -1, 24]) expect(issuesOf(anEntryInput({ hours })), String(hours)).toEqual({ hours: ['Jumlah jam harus antara 0,5 dan 12.'] });
    expect(issuesOf(anEntryInput({ hours: 13 }), 'en')).toEqual({ hours: ['The hours must be between 0.5 and 12.'] });
  });

  it('refuses hours that are not a step of 0.5', () => {
    for (const hours of [1.25, 0.75, 2.1])
      expect(issuesOf(anEntryInput({ hours })), String(hours)).toEqual({ hours: ['Isi jumlah jam dalam kelipatan 0,5 (misalnya 1,5).'] });
    // Out of range, the range alone is named.
    expect(issuesOf(anEntryInput({ hours: 0.2 }))).toEqual({ hours: ['Jumlah jam harus antara 0,5 dan 12.'] });
    expect(issuesOf(anEntryInput({ hours: 1.5 }), 'en')).toEqual({});
  });

  it('refuses hours that are not a number, and NaN', () => {
    expect(issuesOf(anEntryInput({ hours: 'dua' }))).toEqual({ hours: ['Harus berupa angka.'] });
    expect(issuesOf(anEntryInput({ hours: Number.NaN }))).toEqual({ hours: ['Harus berupa angka.'] });
  });

  it('takes an activity of 2000 characters and refuses an empty one, a longer one and one with hidden characters', () => {
    expect(schema.safeParse(anEntryInput({ activity: 'a'.repeat(2000) })).success).toBe(true);
    expect(issuesOf(anEntryInput({ activity: '   ' }))).toEqual({ activity: ['Wajib diisi.'] });
    expect(issuesOf(anEntryInput({ activity: 'a'.repeat(2001) }))).toEqual({ activity: ['Maksimal 2000 karakter.'] });
    expect(issuesOf(anEntryInput({ activity: 'Wawancara \u202Eelif.exe' }))).toEqual({
      activity: ['Tidak boleh berisi karakter kendali atau karakter pengatur arah teks (seperti U+202E).'],
    });
    // Line breaks and tabs are text, not hidden characters.
    expect(schema.safeParse(anEntryInput({ activity: 'Pagi:\tobservasi\r\nSiang: wawancara' })).success).toBe(true);
  });

  it('needs every field, and takes no other', () => {
    expect(issuesOf({})).toEqual({ date: ['Wajib diisi.'], hours: ['Wajib diisi.'], activity: ['Wajib diisi.'] });
    expect(issuesOf({ ...anEntryInput(), by: { role: 'lead' } }, 'en')).toEqual({ '': ['Unknown field(s): by.'] });
  });
});

describe('reading the logbook form', () => {
  it('reads the hours as a number, with a decimal comma or point, and leaves out empty fields and the proof', () => {
    expect(logbookEntryFromForm({ date: '2027-03-04', hours: '1,5', activity: ' Observasi ', proof: 'p' })).toEqual({
      date: '2027-03-04',
      hours: 1.5,
      activity: 'Observasi',
    });
    expect(logbookEntryFromForm({ hours: '2.5', date: ' ', activity: '' })).toEqual({ hours: 2.5 });
  });

  it('keeps hours that are no number as text, for the schema to refuse', () => {
    expect(logbookEntryFromForm({ hours: '1e1' })).toEqual({ hours: '1e1' });
    expect(issuesOf(logbookEntryFromForm({ ...anEntryInput(), hours: 'Infinity' }))).toEqual({ hours: ['Harus berupa angka.'] });
  });
});

// ---------------------------------------------------------------------------------------------
// What goes to the reviewers

const lead = { role: 'lead', name: 'Dr. Sari Lestari' } as const;
const dewi = { role: 'member', member: 1, name: 'Dewi Anggraini' } as const;
const agus = { role: 'member', member: 2, name: 'Agus Prasetyo' } as const;

function anEntry(overrides: Partial<LogbookEntry> = {}): LogbookEntry {
  return {
    projectId: 'rp-1',
    id: `e-${Math.random().toString(36).slice(2)}`,
    by: dewi,
    date: '2027-03-04',
    hours: 2,
    activity: 'Wawancara warga.',
    createdAt: '2027-03-04T09:00:00.000Z',
    ...overrides,
  };
}

describe('entriesSince', () => {
  const entries = [
    anEntry({ date: '2027-05-11', activity: 'c', createdAt: '2027-05-11T01:00:00.000Z' }),
    anEntry({ date: '2027-05-10', activity: 'b' }),
    anEntry({ date: '2027-03-02', activity: 'a' }),
    anEntry({ date: '2027-05-11', activity: 'd', createdAt: '2027-05-11T02:00:00.000Z', by: agus }),
  ];

  it('keeps the entries dated after the date, oldest first, whoever wrote them', () => {
    expect(entriesSince(entries, '2027-05-10').map((e) => e.activity)).toEqual(['c', 'd']);
  });

  it('keeps every entry, oldest first, when no milestone has been approved yet', () => {
    expect(entriesSince(entries, undefined).map((e) => e.activity)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('lastApprovalDate', () => {
  const milestone = (status: MilestoneRecord['status'], approvedAt?: string) => ({ status, ...(approvedAt ? { approvedAt } : {}) });

  it('is the WIB date of the latest approval among the approved milestones', () => {
    // 18:00 UTC on 10 May is already 11 May in Surakarta.
    expect(lastApprovalDate([milestone('APPROVED', '2027-04-01T03:00:00.000Z'), milestone('APPROVED', '2027-05-10T18:00:00.000Z'), milestone('OPEN')])).toBe(
      '2027-05-11',
    );
  });

  it('is undefined while no milestone is approved, so the logbook counts from the project’s start', () => {
    expect(lastApprovalDate([milestone('OPEN'), milestone('IN_REVIEW'), milestone('NOT_ACCEPTED', '2027-04-01T03:00:00.000Z')])).toBeUndefined();
  });
});

describe('the summary the reviewers are shown', () => {
  const entries = [
    anEntry({ by: agus, date: '2027-05-12', hours: 1.5, activity: 'Entri data.' }),
    anEntry({ by: lead, date: '2027-05-11', hours: 3, activity: 'Analisis <awal> & diskusi' }),
    anEntry({ by: dewi, date: '2027-05-13', hours: 2, activity: 'Wawancara.' }),
    anEntry({ by: dewi, date: '2027-05-11', hours: 0.5, activity: 'Rapat tim.' }),
    anEntry({ by: dewi, date: '2027-04-01', hours: 4, activity: 'Sebelum tahap 1 disetujui.' }),
  ];

  it('sums the entries since the last approval and groups them by author, the lead first', () => {
    const summary = summarizeLogbook(entries, '2027-05-10');
    expect(summary).toMatchObject({ since: '2027-05-10', entryCount: 4, totalHours: 7 });
    expect(summary.authors.map((a) => [a.by.name, a.entryCount, a.totalHours, a.entries.map((e) => e.date)])).toEqual([
      ['Dr. Sari Lestari', 1, 3, ['2027-05-11']],
      ['Dewi Anggraini', 2, 2.5, ['2027-05-11', '2027-05-13']],
      ['Agus Prasetyo', 1, 1.5, ['2027-05-12']],
    ]);
  });

  it('is empty, not absent, when nothing was logged since', () => {
    expect(summarizeLogbook(entries, '2027-06-01')).toEqual({ since: '2027-06-01', entryCount: 0, totalHours: 0, authors: [] });
    expect(summarizeLogbook([])).toEqual({ entryCount: 0, totalHours: 0, authors: [] });
  });

  it('reads as facts in both languages, unescaped for each renderer to escape', () => {
    const summary = summarizeLogbook(entries, '2027-05-10');
    const id = logbookFacts(summary, 'id');
    expect(id[0]).toEqual({ label: 'Logbook', value: '4 catatan, 7 jam sejak 10 Mei 2027' });
    expect(id[1]).toEqual({ label: 'Dr. Sari Lestari (ketua peneliti) — 11 Mei 2027 · 3 jam', value: 'Analisis <awal> & diskusi', multiline: true });
    expect(id[2]?.label).toBe('Dewi Anggraini (anggota 1) — 11 Mei 2027 · 0,5 jam');
    const en = logbookFacts(summarizeLogbook(entries.slice(0, 1)), 'en');
    expect(en).toEqual([
      { label: 'Logbook', value: '1 entry, 1.5 hours since the project started' },
      { label: 'Agus Prasetyo (member 2) — 12 May 2027 · 1.5 hours', value: 'Entri data.', multiline: true },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The project page's use cases, on an in-memory repository

const config = aConfig();

function aProject(overrides: Partial<ProjectWithTeam> = {}): ProjectWithTeam {
  const member = (number: number, name: string) => ({
    number,
    nip: `19900215201503200${number}`,
    employmentType: 'PNS' as const,
    name,
    email: `m${number}@surakarta.go.id`,
    unit: 'Dinas Pendidikan',
    position: 'Analis Kebijakan',
    supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    jpHours: 30,
    consent: 'AGREED' as const,
  });
  return {
    id: 'rp-1',
    partnershipId: 'ks-1',
    status: 'ACTIVE',
    data: {
      title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
      summary: 'Survei.',
      objectives: 'Rekomendasi.',
      lead: { name: lead.name, email: 'sari@uns.example' },
      coReviewer: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example' },
      startDate: project.startDate,
      endDate: project.endDate,
      milestones: [],
      language: 'id',
    },
    members: [member(1, dewi.name), member(2, agus.name)],
    institution: 'Universitas Sebelas Maret',
    partner: { name: 'Wulan Sari', email: 'wulan@uns.example', language: 'id' },
    round: 1,
    createdAt: '2027-02-20T03:00:00.000Z',
    updatedAt: '2027-02-25T03:00:00.000Z',
    approvedAt: '2027-02-25T03:00:00.000Z',
    ...overrides,
  };
}

/** The project's repository as far as the project page reads and writes it, in memory. */
function aRepository(whole: ProjectWithTeam, entries: LogbookEntry[] = []) {
  const links = new Map<string, unknown>();
  const added: LogbookEntry[] = [];
  const holders: ProjectHolder[] = [{ role: 'lead' }, { role: 'member', member: 1 }, { role: 'member', member: 2 }];
  for (const holder of holders) {
    const link = projectPageLink(config.LINK_SECRET, whole, holder, whole.approvedAt ?? whole.createdAt);
    links.set(link.hash, link);
  }
  const research = {
    getLink: async (hash: string) => links.get(hash),
    getProjectWhole: async (id: string) =>
      id === whole.id ? { project: whole, milestones: [] as MilestoneRecord[], history: [] as ProjectEvent[] } : undefined,
    logbook: async () => [...entries, ...added],
    addLogbookEntry: async (entry: LogbookEntry, maxPerDay: number) => {
      const sameDay = [...entries, ...added].filter((e) => e.date === entry.date && e.by.role === entry.by.role && e.by.member === entry.by.member);
      if (sameDay.length >= maxPerDay) return 'day-full' as const;
      added.push(entry);
      return 'added' as const;
    },
  };
  const deps: ResearchReadDeps = { config, clock, research: research as unknown as ResearchRepository };
  return { deps, added };
}

const tokenOf = (whole: ProjectWithTeam, holder: ProjectHolder) => projectPageToken(config.LINK_SECRET, whole, holder);
const sameOrigin = { origin: 'https://sinergi.surakarta.go.id' };

/** What the page's form posts, with the proof the page was shown with. */
async function postedFrom(token: string, deps: ResearchReadDeps, fields: Record<string, string>, lang: Language = 'id') {
  const view = await showProjectPage(token, lang, deps);
  return { proof: view.proof, ...fields };
}

describe('adding a logbook entry from the project page', () => {
  it('adds the member’s own entry, named as the project knows them', async () => {
    const whole = aProject();
    const { deps, added } = aRepository(whole);
    const token = tokenOf(whole, { role: 'member', member: 2 });
    const fields = await postedFrom(token, deps, { date: '2027-03-06', hours: '1,5', activity: 'Entri data survei.' });

    const entry = await submitLogbookEntry(token, fields, { lang: 'id', headers: sameOrigin }, deps);

    expect(entry).toMatchObject({
      projectId: 'rp-1',
      by: { role: 'member', member: 2, name: 'Agus Prasetyo' },
      date: '2027-03-06',
      hours: 1.5,
      activity: 'Entri data survei.',
      createdAt: now.toISOString(),
    });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(added).toEqual([entry]);
  });

  it('adds the lead’s entry as the lead’s, without a member number', async () => {
    const whole = aProject();
    const { deps } = aRepository(whole);
    const token = tokenOf(whole, { role: 'lead' });
    const fields = await postedFrom(token, deps, { date: '2027-03-05', hours: '3', activity: 'Menyusun instrumen.' });

    expect((await submitLogbookEntry(token, fields, { lang: 'id', headers: sameOrigin }, deps)).by).toEqual({ role: 'lead', name: lead.name });
  });

  it('refuses a bad entry with every field’s message and writes nothing', async () => {
    const whole = aProject();
    const { deps, added } = aRepository(whole);
    const token = tokenOf(whole, { role: 'member', member: 1 });
    const fields = await postedFrom(token, deps, { date: '2027-03-09', hours: '0,25', activity: '' }, 'en');

    const error = await rejectionOf(submitLogbookEntry(token, fields, { lang: 'en', headers: sameOrigin }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['date', 'hours', 'activity']);
    expect(added).toEqual([]);
  });

  it('answers 409 in the reader’s language once the project is no longer active, and writes nothing', async () => {
    const whole = aProject({ status: 'COMPLETED' });
    const { deps, added } = aRepository(whole);
    const token = tokenOf(whole, { role: 'member', member: 1 });
    const fields = await postedFrom(token, deps, { date: '2027-03-04', hours: '2', activity: 'Wawancara.' }, 'en');

    const error = await rejectionOf(submitLogbookEntry(token, fields, { lang: 'en', headers: sameOrigin }, deps));

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe('The logbook takes entries only while the project is active; this project is not.');
    expect(added).toEqual([]);
  });

  it('refuses a post from another site, and one without the page’s proof, before reading the entry', async () => {
    const whole = aProject();
    const { deps, added } = aRepository(whole);
    const token = tokenOf(whole, { role: 'member', member: 1 });
    // An entry that would be refused as bad input: the post is refused as not genuine first.
    const fields = await postedFrom(token, deps, { date: '2027-03-04', hours: '2', activity: '' });

    expect(await rejectionOf(submitLogbookEntry(token, fields, { lang: 'id', headers: { origin: 'https://evil.example' } }, deps))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await rejectionOf(submitLogbookEntry(token, { ...fields, proof: 'x' }, { lang: 'id', headers: sameOrigin }, deps))).toBeInstanceOf(ForbiddenError);
    // A proof made for another holder's page is not this page's.
    const others = pageProof(`sinergi:project-page\n${tokenOf(whole, { role: 'lead' })}`, now.getTime());
    expect(await rejectionOf(submitLogbookEntry(token, { ...fields, proof: others }, { lang: 'id', headers: sameOrigin }, deps))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(added).toEqual([]);
  });

  it(`refuses a ${MAX_LOGBOOK_ENTRIES_PER_DAY + 1}st entry for one date, on the date field`, async () => {
    const whole = aProject();
    const full = Array.from({ length: MAX_LOGBOOK_ENTRIES_PER_DAY }, () => anEntry({ by: dewi, date: '2027-03-04', hours: 0.5 }));
    const { deps, added } = aRepository(whole, full);
    const token = tokenOf(whole, { role: 'member', member: 1 });
    const fields = await postedFrom(token, deps, { date: '2027-03-04', hours: '0,5', activity: 'Satu lagi.' });

    const error = await rejectionOf(submitLogbookEntry(token, fields, { lang: 'id', headers: sameOrigin }, deps));

    expect((error as ValidationError).issues).toEqual([{ path: 'date', message: expect.stringContaining('20 catatan untuk tanggal ini') }]);
    expect(added).toEqual([]);
    // Another date, or another member's same date, is still open.
    const other = await postedFrom(tokenOf(whole, { role: 'member', member: 2 }), deps, { date: '2027-03-04', hours: '1', activity: 'Agus.' });
    await submitLogbookEntry(tokenOf(whole, { role: 'member', member: 2 }), other, { lang: 'id', headers: sameOrigin }, deps);
    expect(added).toHaveLength(1);
  });

  it('answers 404 for a token that is no project page link', async () => {
    const { deps } = aRepository(aProject());
    const error = await rejectionOf(submitLogbookEntry('A'.repeat(43), { proof: '' }, { lang: 'id', headers: sameOrigin }, deps));
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe('the project page’s view', () => {
  const entries = [
    anEntry({ by: dewi, date: '2027-03-02', activity: 'Dewi lama.' }),
    anEntry({ by: agus, date: '2027-03-03', activity: 'Agus.' }),
    anEntry({ by: lead, date: '2027-03-04', activity: 'Ketua.' }),
    anEntry({ by: dewi, date: '2027-03-05', activity: 'Dewi baru.' }),
  ];

  it('gives a member their own entries only, newest first', async () => {
    const whole = aProject();
    const { deps } = aRepository(whole, entries);
    const view = await showProjectPage(tokenOf(whole, { role: 'member', member: 1 }), 'id', deps);

    expect(view.holder).toEqual({ role: 'member', member: 1, name: 'Dewi Anggraini', jpHours: 30 });
    expect(view.own.map((e) => e.activity)).toEqual(['Dewi baru.', 'Dewi lama.']);
    expect(view.team).toBeUndefined();
    expect(view.nextSubmission).toMatchObject({ entryCount: 2, totalHours: 4 });
    expect(view).toMatchObject({ today: '2027-03-06', takesEntries: true });
  });

  it('gives the lead their own entries and every member’s, newest first', async () => {
    const whole = aProject();
    const { deps } = aRepository(whole, entries);
    const token = tokenOf(whole, { role: 'lead' });
    const view = await showProjectPage(token, 'en', deps);

    expect(view.holder).toEqual({ role: 'lead', name: lead.name });
    expect(view.own.map((e) => e.activity)).toEqual(['Ketua.']);
    expect(view.team?.map((e) => e.activity)).toEqual(['Dewi baru.', 'Agus.', 'Dewi lama.']);
    expect(view.nextSubmission.entryCount).toBe(4);
    expect(view.logbookAction).toBe(`/projects/${token}/logbook?lang=en`);
    expect(view.calendarUrl).toBe(`https://sinergi.surakarta.go.id/projects/${token}/calendar.ics?lang=en`);
  });

  it('answers 404 for a member no longer on the team', async () => {
    const whole = aProject();
    const { deps } = aRepository(whole);
    const leftTeam = { ...whole, members: whole.members.filter((m) => m.number !== 2) };
    const deps2 = { ...deps, research: { ...deps.research, getProjectWhole: async () => ({ project: leftTeam, milestones: [], history: [] }) } };
    const error = await rejectionOf(showProjectPage(tokenOf(whole, { role: 'member', member: 2 }), 'id', deps2 as unknown as ResearchReadDeps));
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
