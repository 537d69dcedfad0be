import { describe, expect, it } from 'vitest';
import { defaultOfficialEmailDomains } from '../../shared/kernel/asn/official-email.js';
import { defaultWorkUnits } from '../../shared/kernel/asn/work-units.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import type { Language } from '../../shared/kernel/i18n.js';
import type { Clock } from '../../shared/kernel/time.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';
import { checkProjectDates, milestoneStatuses, type ProjectInput, projectInput, projectStatuses } from '../../shared/research/research.schema.js';
import { thrownBy } from '../support/fixtures.js';

/** Every test runs on 1 March 2027, 10:00 WIB. */
const clock: Clock = { now: () => new Date('2027-03-01T03:00:00.000Z') };
const today = '2027-03-01';

const schema = projectInput(defaultWorkUnits, defaultOfficialEmailDomains, undefined, clock);

type Body = Record<string, unknown>;

/** One ASN member: Dewi of Diskominfo (PNS), whose supervisor is Bambang. */
function aMember(overrides: Body = {}): Body {
  return {
    nip: '199002152015032001',
    employmentType: 'PNS',
    name: 'Dewi Anggraini',
    email: 'dewi@surakarta.go.id',
    unit: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    position: 'Analis Kebijakan',
    supervisor: { name: 'Bambang Wijaya', email: 'bambang@surakarta.go.id' },
    jpHours: 30,
    ...overrides,
  };
}

/** A second member, a PPPK at the health office. */
const anotherMember = (overrides: Body = {}) =>
  aMember({
    nip: '199106122023211003',
    employmentType: 'PPPK',
    name: 'Agus Prasetyo',
    email: 'agus@dinkes.surakarta.go.id',
    unit: 'Dinas Kesehatan',
    supervisor: { name: 'Rina Kusuma', email: 'rina@dinkes.surakarta.go.id' },
    ...overrides,
  });

const plan = { kind: 'plan', title: 'Rencana penelitian', dueDate: '2027-03-20', review: 'all' };
const progress = { kind: 'progress', title: 'Laporan kemajuan', dueDate: '2027-07-31', review: 'all' };
const final = { kind: 'final', title: 'Laporan akhir dan luaran', dueDate: '2027-12-10', review: 'all' };

/** The project of issue 9: UNS on the quality of the public service mall, March to mid-December 2027. */
function aProject(overrides: Body = {}): Body {
  return {
    title: 'Kualitas layanan Mal Pelayanan Publik Surakarta',
    summary: 'Survei kepuasan dan observasi layanan.\nTiga tahap.',
    objectives: 'Memetakan waktu tunggu dan keluhan warga.',
    lead: { name: 'Dr. Sari Lestari', email: 'sari@uns.example' },
    coReviewer: { name: 'Prof. Hadi Santoso', email: 'lppm@uns.example' },
    members: [aMember()],
    startDate: '2027-03-01',
    endDate: '2027-12-15',
    milestones: [plan, progress, final],
    language: 'id',
    ...overrides,
  };
}

/** The field issues the schema reports for `input`, as the API would send them. */
function issuesOf(input: unknown, lang: Language = 'en', against = schema) {
  const result = against.safeParse(input);
  if (result.success) return [];
  return toFieldIssues(result.error.issues, lang, input);
}

const pathsOf = (input: unknown, against = schema) => issuesOf(input, 'en', against).map((issue) => issue.path);

describe('projectInput', () => {
  it("accepts issue 9's example project, with the members' numbers as typed with spaces", () => {
    const result = schema.safeParse(aProject({ members: [aMember({ nip: '19900215 201503 2 001' }), anotherMember()] }));

    expect(result.success).toBe(true);
    const project = result.data as ProjectInput;
    expect(project.members.map((m) => m.nip)).toEqual(['199002152015032001', '199106122023211003']);
    expect(project.milestones.map((m) => m.kind)).toEqual(['plan', 'progress', 'final']);
  });

  it('refuses a field it does not know, and a missing title, in both languages', () => {
    const body = { ...aProject({ budget: 100 }), title: undefined };

    expect(issuesOf(body, 'en')).toEqual([
      { path: 'title', message: 'This field is required.' },
      { path: '', message: 'Unknown field(s): budget.' },
    ]);
    expect(issuesOf(body, 'id')).toEqual([
      { path: 'title', message: 'Wajib diisi.' },
      { path: '', message: 'Kolom tidak dikenal: budget.' },
    ]);
  });

  describe('members', () => {
    it('takes one to ten members', () => {
      const ten = Array.from({ length: 10 }, (_, i) => aMember({ nip: `199002152015032${String(i + 1).padStart(3, '0')}`, email: `m${i}@surakarta.go.id` }));

      expect(issuesOf(aProject({ members: ten }))).toEqual([]);
      expect(issuesOf(aProject({ members: [] }))).toEqual([{ path: 'members', message: 'Choose at least 1.' }]);
      expect(issuesOf(aProject({ members: [...ten, anotherMember()] }), 'id')).toEqual([{ path: 'members', message: 'Maksimal 10 pilihan.' }]);
    });

    it('credits 1 to 60 JP by default, and up to the configured maximum', () => {
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 60 })] }))).toEqual([]);
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 61 })] }))).toEqual([{ path: 'members[0].jpHours', message: 'Must be at most 60.' }]);
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 0 })] }), 'id')).toEqual([{ path: 'members[0].jpHours', message: 'Minimal 1.' }]);
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 12.5 })] }))).toEqual([{ path: 'members[0].jpHours', message: 'Must be a whole number.' }]);

      const forty = projectInput(defaultWorkUnits, defaultOfficialEmailDomains, 40, clock);
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 40 })] }), 'en', forty)).toEqual([]);
      expect(issuesOf(aProject({ members: [aMember({ jpHours: 41 })] }), 'en', forty)).toEqual([
        { path: 'members[0].jpHours', message: 'Must be at most 40.' },
      ]);
    });

    it("refuses a member's NIP by the existing rules, at the member's path", () => {
      const body = aProject({ members: [aMember(), anotherMember({ nip: '199106122023211000' })] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'members[1].nip', message: 'The sequence number 000 in digits 16–18 must be between 001 and 999.' }]);
      expect(issuesOf(body, 'id')).toEqual([{ path: 'members[1].nip', message: 'Nomor urut 000 pada digit 16–18 harus antara 001 dan 999.' }]);
    });

    it('asks the clock whether an appointment lies in the future', () => {
      const appointedNextMonth = aProject({ members: [aMember({ nip: '199002152027042001' })] });

      expect(pathsOf(appointedNextMonth)).toEqual(['members[0].nip']);
      const inMay = projectInput(defaultWorkUnits, defaultOfficialEmailDomains, 60, { now: () => new Date('2027-05-02T03:00:00Z') });
      expect(pathsOf(appointedNextMonth, inMay)).toEqual([]);
    });

    it('takes a unit only from the configured list', () => {
      const body = aProject({ members: [aMember({ unit: 'Dinas Rahasia' })] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'members[0].unit', message: 'Choose a work unit from the list.' }]);
      expect(issuesOf(body, 'id')).toEqual([{ path: 'members[0].unit', message: 'Pilih unit kerja dari daftar.' }]);
      expect(issuesOf(aProject({ members: [aMember({ unit: 'Dinas Kesehatan' })] }))).toEqual([]);
    });

    it("refuses a member's address outside the city's mail domains, and takes one of a subdomain", () => {
      const body = aProject({ members: [aMember({ email: 'dewi@gmail.com' })] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'members[0].email', message: "Use the member's official address (@surakarta.go.id)." }]);
      expect(issuesOf(body, 'id')).toEqual([{ path: 'members[0].email', message: 'Gunakan alamat email dinas anggota (@surakarta.go.id).' }]);
      expect(issuesOf(aProject({ members: [aMember({ email: 'dewi@diskominfo.surakarta.go.id' })] }))).toEqual([]);
    });

    it("refuses a supervisor's address outside the city's mail domains, naming every configured domain", () => {
      const twoDomains = projectInput(defaultWorkUnits, ['surakarta.go.id', 'solokota.go.id'], 60, clock);
      const body = aProject({ members: [aMember({ supervisor: { name: 'Bambang', email: 'bambang@surakarta.go.id.example' } })] });

      expect(issuesOf(body, 'en', twoDomains)).toEqual([
        { path: 'members[0].supervisor.email', message: "Use the supervisor's official address (@surakarta.go.id or @solokota.go.id)." },
      ]);
      expect(issuesOf(body, 'id', twoDomains)).toEqual([
        { path: 'members[0].supervisor.email', message: 'Gunakan alamat email dinas atasan anggota (@surakarta.go.id atau @solokota.go.id).' },
      ]);
    });

    it("refuses a supervisor whose address is the member's own, compared without case or a +tag", () => {
      const body = aProject({ members: [aMember({ supervisor: { name: 'Dewi', email: 'Dewi+atasan@Surakarta.go.id' } })] });

      expect(issuesOf(body, 'en')).toEqual([
        {
          path: 'members[0].supervisor.email',
          message: "The supervisor's email must differ from the member's: a member cannot consent to their own taking part.",
        },
      ]);
      expect(issuesOf(body, 'id')).toEqual([
        {
          path: 'members[0].supervisor.email',
          message: 'Email atasan harus berbeda dari email anggota: anggota tidak dapat menyetujui keikutsertaannya sendiri.',
        },
      ]);
    });

    it('refuses the same NIP for two members, at the later one, however it was spaced', () => {
      const body = aProject({ members: [aMember(), anotherMember(), anotherMember({ nip: '19900215 201503 2 001', email: 'dewi.a@surakarta.go.id' })] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'members[2].nip', message: 'This NIP is already given for member 1; list each member once.' }]);
      expect(issuesOf(body, 'id')).toEqual([
        { path: 'members[2].nip', message: 'NIP ini sudah dipakai anggota ke-1; setiap anggota hanya dicantumkan sekali.' },
      ]);
    });

    it('refuses the same mailbox for two members, since each gets their own private link', () => {
      const body = aProject({ members: [aMember(), anotherMember({ email: 'DEWI+riset@surakarta.go.id' })] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'members[1].email', message: 'This email is already given for member 1; list each member once.' }]);
    });
  });

  it('refuses a co-reviewer who is the lead', () => {
    const body = aProject({ coReviewer: { name: 'Sari', email: 'SARI@uns.example' } });

    expect(issuesOf(body, 'en')).toEqual([
      { path: 'coReviewer.email', message: "The university's co-reviewer must be someone other than the lead, whose submissions they review." },
    ]);
    expect(pathsOf(aProject({ coReviewer: { name: 'Sari', email: 'sari@uns.example' } }))).toEqual(['coReviewer.email']);
  });

  describe('dates', () => {
    it('refuses an end before the start', () => {
      const body = aProject({ startDate: '2027-12-16', endDate: '2027-12-15', milestones: [] });

      expect(issuesOf(body, 'en')).toContainEqual({ path: 'endDate', message: 'The end date cannot be before the start date.' });
      expect(issuesOf(body, 'id')).toContainEqual({ path: 'endDate', message: 'Tanggal selesai tidak boleh sebelum tanggal mulai.' });
    });

    it('runs a project for at most 3 years: to the day before the third anniversary', () => {
      const lastMilestone = (dueDate: string) => [{ ...final, dueDate }];

      expect(issuesOf(aProject({ endDate: '2030-02-28', milestones: lastMilestone('2030-02-28') }))).toEqual([]);
      expect(issuesOf(aProject({ endDate: '2030-03-01', milestones: lastMilestone('2030-03-01') }), 'en')).toEqual([
        { path: 'endDate', message: 'A project runs for at most 3 years: it must end by 2030-02-28.' },
      ]);
      expect(issuesOf(aProject({ endDate: '2030-03-01', milestones: lastMilestone('2030-03-01') }), 'id')).toEqual([
        { path: 'endDate', message: 'Proyek berlangsung paling lama 3 tahun: selesai paling lambat 2030-02-28.' },
      ]);
    });

    it('counts 3 years from 29 February to 28 February, and from 1 January to 31 December', () => {
      const leap = (endDate: string) => aProject({ startDate: '2028-02-29', endDate, milestones: [{ ...final, dueDate: endDate }] });
      const newYear = (endDate: string) => aProject({ startDate: '2028-01-01', endDate, milestones: [{ ...final, dueDate: endDate }] });

      expect(pathsOf(leap('2031-02-28'))).toEqual([]);
      expect(pathsOf(leap('2031-03-01'))).toEqual(['endDate']);
      expect(pathsOf(newYear('2030-12-31'))).toEqual([]);
      expect(pathsOf(newYear('2031-01-01'))).toEqual(['endDate']);
    });

    it('refuses a date that does not exist', () => {
      expect(issuesOf(aProject({ endDate: '2027-02-30' }), 'en')).toEqual([{ path: 'endDate', message: 'Must be a real date as YYYY-MM-DD.' }]);
    });
  });

  describe('milestones', () => {
    it('takes one to twelve milestones', () => {
      const monthly = Array.from({ length: 12 }, (_, i) => ({ ...progress, dueDate: `2027-${String(i + 1).padStart(2, '0')}-28` }));
      const year = { startDate: '2027-01-01', endDate: '2027-12-31' };

      expect(issuesOf(aProject({ ...year, milestones: [...monthly.slice(0, 11), { ...final, dueDate: '2027-12-28' }] }))).toEqual([]);
      expect(issuesOf(aProject({ milestones: [final] }))).toEqual([]);
      expect(issuesOf(aProject({ milestones: [] }))).toEqual([{ path: 'milestones', message: 'Choose at least 1.' }]);
      expect(issuesOf(aProject({ ...year, milestones: [...monthly, { ...final, dueDate: '2027-12-30' }] }))).toEqual([
        { path: 'milestones', message: 'At most 12 choices.' },
      ]);
    });

    it('names the kinds and review rules by their labels when one is unknown', () => {
      const body = aProject({ milestones: [{ ...plan, kind: 'draft', review: 'majority' }, progress, final] });

      expect(issuesOf(body, 'en')).toEqual([
        { path: 'milestones[0].kind', message: 'Must be one of: Research plan, Progress report, Monitoring and evaluation, Final report, Output.' },
        { path: 'milestones[0].review', message: 'Must be one of: Both reviewers must approve, The first decision decides.' },
      ]);
      expect(issuesOf(body, 'id')[0]).toEqual({
        path: 'milestones[0].kind',
        message: 'Harus salah satu dari: Rencana penelitian, Laporan kemajuan, Monitoring dan evaluasi (monev), Laporan akhir, Luaran.',
      });
    });

    it('asks for a final report when there is none', () => {
      const body = aProject({ milestones: [plan, progress] });

      expect(issuesOf(body, 'en')).toEqual([{ path: 'milestones', message: 'Add one "Final report" milestone as the last milestone.' }]);
      expect(issuesOf(body, 'id')).toEqual([{ path: 'milestones', message: 'Tambahkan satu tahap "Laporan akhir" sebagai tahap terakhir.' }]);
    });

    it('refuses a final report that is not the last milestone', () => {
      const output = { kind: 'output', title: 'Artikel jurnal', dueDate: '2027-12-14', review: 'any' };
      const body = aProject({ milestones: [plan, progress, final, output] });

      expect(issuesOf(body, 'en')).toEqual([
        { path: 'milestones[2].kind', message: 'The "Final report" milestone must be the last; milestone 4 comes after it.' },
      ]);
      expect(issuesOf(body, 'id')).toEqual([
        { path: 'milestones[2].kind', message: 'Tahap "Laporan akhir" harus menjadi tahap terakhir; setelahnya masih ada tahap ke-4.' },
      ]);
      expect(issuesOf(aProject({ milestones: [plan, progress, { ...output, dueDate: '2027-11-30' }, final] }))).toEqual([]);
    });

    it('refuses a second final report', () => {
      const body = aProject({ milestones: [plan, { ...final, dueDate: '2027-07-31' }, final] });

      expect(issuesOf(body, 'en')).toEqual([
        { path: 'milestones[1].kind', message: 'There can be only one "Final report" milestone; milestone 3 already is the final report.' },
      ]);
      expect(issuesOf(body, 'id')).toEqual([
        { path: 'milestones[1].kind', message: 'Hanya boleh ada satu tahap "Laporan akhir"; tahap ke-3 sudah merupakan laporan akhir.' },
      ]);
    });

    it('refuses a due date that is not after the one before it, even the same day', () => {
      const body = aProject({ milestones: [plan, { ...progress, dueDate: '2027-03-20' }, final] });

      expect(issuesOf(body, 'en')).toEqual([
        { path: 'milestones[1].dueDate', message: "The due date must come after milestone 1's (2027-03-20); each milestone is due after the one before it." },
      ]);
      expect(issuesOf(body, 'id')).toEqual([
        {
          path: 'milestones[1].dueDate',
          message: 'Tenggat harus setelah tenggat tahap ke-1 (2027-03-20); tenggat setiap tahap berurutan dan tidak sama.',
        },
      ]);
      expect(pathsOf(aProject({ milestones: [plan, { ...progress, dueDate: '2027-03-21' }, final] }))).toEqual([]);
    });

    it("refuses a due date outside the project's dates, and takes its first and last day", () => {
      const body = aProject({ milestones: [{ ...plan, dueDate: '2027-02-28' }, progress, { ...final, dueDate: '2027-12-16' }] });

      expect(issuesOf(body, 'en')).toEqual([
        { path: 'milestones[0].dueDate', message: "The due date must fall within the project's dates (2027-03-01 to 2027-12-15)." },
        { path: 'milestones[2].dueDate', message: "The due date must fall within the project's dates (2027-03-01 to 2027-12-15)." },
      ]);
      expect(issuesOf(body, 'id')[0]).toEqual({
        path: 'milestones[0].dueDate',
        message: 'Tenggat harus dalam masa proyek (2027-03-01 s.d. 2027-12-15).',
      });
      expect(issuesOf(aProject({ milestones: [{ ...plan, dueDate: '2027-03-01' }, progress, { ...final, dueDate: '2027-12-15' }] }))).toEqual([]);
    });
  });

  it('reports every problem of the form at once, even beside a wrong type elsewhere', () => {
    const body = aProject({
      members: [aMember({ jpHours: '30', email: 'dewi@yahoo.com' })],
      milestones: [progress, plan],
    });

    expect(pathsOf(body)).toEqual(['members[0].jpHours', 'members[0].email', 'milestones', 'milestones[1].dueDate']);
  });
});

describe('checkProjectDates', () => {
  /** UNS's partnership, valid 1 March 2027 – 28 February 2029. */
  const partnership = { startDate: '2027-03-01', endDate: '2029-02-28' };
  const dates = (startDate: string, endDate: string) => ({ startDate, endDate });

  it("takes a project that starts today and ends on the partnership's last day", () => {
    expect(() => checkProjectDates(dates(today, '2029-02-28'), partnership, today, 'en')).not.toThrow();
  });

  it('refuses a start before today, in both languages', () => {
    const en = thrownBy(() => checkProjectDates(dates('2027-02-28', '2027-12-15'), { ...partnership, startDate: '2027-01-01' }, today, 'en'));
    const id = thrownBy(() => checkProjectDates(dates('2027-02-28', '2027-12-15'), { ...partnership, startDate: '2027-01-01' }, today, 'id'));

    expect(en).toBeInstanceOf(ValidationError);
    expect((en as ValidationError).issues).toEqual([{ path: 'startDate', message: 'The start date cannot be before today (2027-03-01).' }]);
    expect((id as ValidationError).lang).toBe('id');
    expect((id as ValidationError).issues).toEqual([{ path: 'startDate', message: 'Tanggal mulai tidak boleh sebelum hari ini (2027-03-01).' }]);
  });

  it("refuses a project that ends after the partnership's validity", () => {
    const en = thrownBy(() => checkProjectDates(dates('2027-03-01', '2029-03-01'), partnership, today, 'en'));
    const id = thrownBy(() => checkProjectDates(dates('2027-03-01', '2029-03-01'), partnership, today, 'id'));

    expect((en as ValidationError).issues).toEqual([
      { path: 'endDate', message: "The end date must fall within the partnership's validity (2027-03-01 to 2029-02-28)." },
    ]);
    expect((id as ValidationError).issues).toEqual([
      { path: 'endDate', message: 'Tanggal selesai harus dalam masa berlaku kemitraan (2027-03-01 s.d. 2029-02-28).' },
    ]);
  });

  it('refuses a project that starts before the partnership, and names every problem at once', () => {
    const later = { startDate: '2027-06-01', endDate: '2027-09-30' };
    const error = thrownBy(() => checkProjectDates(dates('2027-02-15', '2027-12-15'), later, today, 'en'));

    expect((error as ValidationError).issues).toEqual([
      { path: 'startDate', message: 'The start date cannot be before today (2027-03-01).' },
      { path: 'startDate', message: "The start date must fall within the partnership's validity (2027-06-01 to 2027-09-30)." },
      { path: 'endDate', message: "The end date must fall within the partnership's validity (2027-06-01 to 2027-09-30)." },
    ]);
  });
});

describe('the statuses', () => {
  it('name every state a project can be in, as tracking shows them', () => {
    expect(projectStatuses).toEqual(['SUBMITTED', 'CONSENT', 'PLAN_REVIEW', 'REVISION_REQUESTED', 'ACTIVE', 'COMPLETED', 'REJECTED', 'EXPIRED', 'CANCELLED']);
  });

  it('name every state a milestone can be in, with overdue kept apart as a mark', () => {
    expect(milestoneStatuses).toEqual(['PLANNED', 'OPEN', 'SUBMITTED', 'IN_REVIEW', 'REVISION_REQUESTED', 'APPROVED', 'NOT_ACCEPTED']);
    expect(milestoneStatuses).not.toContain('OVERDUE');
  });
});
