import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/kernel/errors.js';
import { type Language, languages } from '../../shared/kernel/i18n.js';
import type { AsnYearRecord } from '../../shared/kernel/jp/jp-ledger.js';
import type { PartnershipRecord } from '../../shared/kernel/partnerships/partnership.js';
import type { Clock } from '../../shared/kernel/time.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';
import { isOpen } from '../../shared/placements/catalogue.js';
import { checkOffer } from '../../shared/placements/offers.js';
import { applicationInput, PlacementOffer, type PlacementStatus } from '../../shared/placements/placement.schema.js';
import type { PlacementRecord } from '../../shared/placements/placement-records.js';
import { type JpReportRow, jpReportCsv, tallyJp } from '../../shared/placements/placement-reports.js';
import { aConfig, aPlacementOffer, aPlacementRecord, thrownBy } from '../support/fixtures.js';

/** Every test runs on 1 March 2027, 10:00 WIB. */
const clock: Clock = { now: () => new Date('2027-03-01T03:00:00.000Z') };
const today = '2027-03-01';

const anOffer = aPlacementOffer;

/** `anOffer(data)`, at UNS with no seat taken, in `status`. */
const aPlacement = (status: PlacementStatus = 'PUBLISHED', data: Partial<PlacementOffer> = {}): PlacementRecord => aPlacementRecord({ status }, data);

/** An active partnership with UNS, for internships and research, valid 1 March 2027 – 28 February 2029. */
function aPartnership(overrides: Partial<PartnershipRecord> = {}): PartnershipRecord {
  return {
    id: 'ks-2027-001',
    proposalId: 'p-1',
    institution: { name: 'Universitas Sebelas Maret', type: 'university' },
    contact: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id' },
    title: 'Kerja sama pengembangan kompetensi ASN',
    scopes: ['internship', 'research'],
    startDate: '2027-03-01',
    endDate: '2029-02-28',
    status: 'ACTIVE',
    createdAt: '2027-02-05T03:00:00.000Z',
    ...overrides,
  };
}

/** The field issues a schema reports for `input`, as the API would send them. */
function issuesOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: readonly unknown[] } } }, input: unknown, lang: Language = 'en') {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return toFieldIssues(result.error!.issues as Parameters<typeof toFieldIssues>[0], lang, input);
}

describe('isOpen', () => {
  it('takes applications on the deadline day itself', () => {
    expect(isOpen(aPlacement(), '2027-03-20')).toBe(true);
  });

  it('is closed the day after the deadline', () => {
    expect(isOpen(aPlacement(), '2027-03-21')).toBe(false);
  });

  it('is closed from the start date on, whatever the deadline says', () => {
    const lateDeadline = aPlacement('PUBLISHED', { applicationDeadline: '2027-04-30' });

    expect(isOpen(lateDeadline, '2027-04-04')).toBe(true);
    expect(isOpen(lateDeadline, '2027-04-05')).toBe(false);
    expect(isOpen(lateDeadline, '2027-04-06')).toBe(false);
  });

  it.each<PlacementStatus>(['PENDING_APPROVAL', 'REJECTED', 'EXPIRED'])('is closed while %s, even before the deadline', (status) => {
    expect(isOpen(aPlacement(status), '2027-03-10')).toBe(false);
  });
});

describe('checkOffer', () => {
  it('accepts an offer that starts on the first and ends on the last day of the partnership', () => {
    const shortTerm = aPartnership({ endDate: '2027-12-26' });
    expect(() => checkOffer(anOffer({ startDate: '2027-03-01', endDate: '2027-12-26', applicationDeadline: today }), shortTerm, today, 'id')).not.toThrow();
  });

  it("refuses any offer under a partnership that is not active, in the partner's language", () => {
    // A stored partnership is ACTIVE by type; the check is for any other status that may come.
    const ended = aPartnership({ status: 'ENDED' as PartnershipRecord['status'] });

    const id = thrownBy(() => checkOffer(anOffer(), ended, today, 'id'));
    const en = thrownBy(() => checkOffer(anOffer(), ended, today, 'en'));

    expect(id).toBeInstanceOf(ConflictError);
    expect((id as Error).message).toBe('Kemitraan ini tidak aktif; penempatan tidak dapat ditawarkan.');
    expect(en).toBeInstanceOf(ConflictError);
    expect((en as Error).message).toBe('This partnership is not active; placements cannot be offered.');
  });

  it('refuses an offer under a partnership without the internship scope', () => {
    const research = aPartnership({ scopes: ['research', 'training'] });

    const id = thrownBy(() => checkOffer(anOffer(), research, today, 'id'));
    const en = thrownBy(() => checkOffer(anOffer(), research, today, 'en'));

    expect(id).toBeInstanceOf(ConflictError);
    expect((id as Error).message).toBe('Kemitraan ini tidak mencakup magang.');
    expect((en as Error).message).toBe('This partnership does not include internships.');
  });

  it('names the start date when the offer starts before the partnership', () => {
    const error = thrownBy(() => checkOffer(anOffer({ startDate: '2027-02-28', applicationDeadline: today }), aPartnership(), today, 'en'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'startDate', message: "The start date must fall within the partnership's validity (2027-03-01 to 2029-02-28)." },
    ]);
  });

  it('names the end date when the offer ends after the partnership, in Indonesian too', () => {
    const error = thrownBy(() => checkOffer(anOffer({ endDate: '2027-07-01' }), aPartnership({ endDate: '2027-06-30' }), today, 'id'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).lang).toBe('id');
    expect((error as ValidationError).issues).toEqual([
      { path: 'endDate', message: 'Tanggal selesai harus dalam masa berlaku kemitraan (2027-03-01 s.d. 2027-06-30).' },
    ]);
  });

  it('names both dates when the whole offer lies after the partnership has ended', () => {
    const error = thrownBy(() =>
      checkOffer(
        anOffer({ startDate: '2027-07-02', endDate: '2027-07-10', applicationDeadline: '2027-07-01' }),
        aPartnership({ endDate: '2027-06-30' }),
        today,
        'en',
      ),
    );

    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['startDate', 'endDate']);
  });

  it('refuses a deadline already past, and reports every problem at once', () => {
    const error = thrownBy(() =>
      checkOffer(
        anOffer({ startDate: '2027-02-20', endDate: '2027-07-31', applicationDeadline: '2027-02-15' }),
        aPartnership({ endDate: '2027-06-30' }),
        today,
        'id',
      ),
    );

    expect((error as ValidationError).issues).toEqual([
      { path: 'startDate', message: 'Tanggal mulai harus dalam masa berlaku kemitraan (2027-03-01 s.d. 2027-06-30).' },
      { path: 'endDate', message: 'Tanggal selesai harus dalam masa berlaku kemitraan (2027-03-01 s.d. 2027-06-30).' },
      { path: 'applicationDeadline', message: 'Batas pendaftaran tidak boleh sebelum hari ini.' },
    ]);
  });

  it("refuses a placement ending more than 300 days ahead, so its applications finish within a workflow's year", () => {
    const tooFar = thrownBy(() =>
      checkOffer(anOffer({ startDate: '2027-12-01', endDate: '2027-12-27', applicationDeadline: '2027-11-01' }), aPartnership(), today, 'en'),
    );
    expect((tooFar as ValidationError).issues).toEqual([{ path: 'endDate', message: 'The placement must end within 300 days of today.' }]);
    expect(() =>
      checkOffer(anOffer({ startDate: '2027-12-01', endDate: '2027-12-26', applicationDeadline: '2027-11-01' }), aPartnership(), today, 'en'),
    ).not.toThrow();
  });

  it('accepts a deadline of today', () => {
    expect(() => checkOffer(anOffer({ applicationDeadline: today }), aPartnership(), today, 'en')).not.toThrow();
  });
});

describe('PlacementOffer', () => {
  it('accepts a valid offer', () => {
    expect(PlacementOffer.safeParse(anOffer()).success).toBe(true);
  });

  it.each([1, 50])('accepts %i seats', (seats) => {
    expect(PlacementOffer.safeParse(anOffer({ seats })).success).toBe(true);
  });

  it.each([0, 51, 2.5])('refuses %s seats', (seats) => {
    expect(issuesOf(PlacementOffer, anOffer({ seats })).map((i) => i.path)).toEqual(['seats']);
  });

  it('refuses an end date before the start date, on the end date', () => {
    const issues = issuesOf(PlacementOffer, anOffer({ endDate: '2027-04-04' }), 'id');

    expect(issues).toEqual([{ path: 'endDate', message: 'Tanggal selesai tidak boleh sebelum tanggal mulai.' }]);
  });

  it('accepts a one-day placement', () => {
    expect(PlacementOffer.safeParse(anOffer({ endDate: '2027-04-05' })).success).toBe(true);
  });

  it.each(['2027-04-05', '2027-04-06'])('refuses an application deadline of %s, on or after the start', (applicationDeadline) => {
    const issues = issuesOf(PlacementOffer, anOffer({ applicationDeadline }), 'en');

    expect(issues).toEqual([{ path: 'applicationDeadline', message: 'The application deadline must be before the start date.' }]);
  });

  it('accepts an application deadline the day before the start', () => {
    expect(PlacementOffer.safeParse(anOffer({ applicationDeadline: '2027-04-04' })).success).toBe(true);
  });

  it.each([
    ['id', 'Harus salah satu dari: Bahasa Indonesia, English.'],
    ['en', 'Must be one of: Bahasa Indonesia, English.'],
  ] as const)('names the languages of an offer as the form does, by no code (%s)', (lang, message) => {
    const issues = issuesOf(PlacementOffer, { ...anOffer(), language: 'fr' }, lang);

    expect(issues).toEqual([{ path: 'language', message }]);
    for (const code of languages) expect(issues[0]?.message).not.toMatch(new RegExp(`\\b${code}\\b`));
  });
});

describe('applicationInput', () => {
  const schema = applicationInput(aConfig().WORK_UNITS, clock);
  /** A valid PNS application (born 1 January 1990, TMT CPNS January 2015). */
  const anApplicationBody = (overrides: Record<string, unknown> = {}) => ({
    nip: '199001012015011001',
    employmentType: 'PNS',
    name: 'Sri Lestari',
    email: 'sri.lestari@surakarta.go.id',
    unit: 'Dinas Pendidikan',
    position: 'Analis Kebijakan Ahli Pertama',
    supervisor: { name: 'Budi Santoso', email: 'budi.santoso@surakarta.go.id' },
    motivation: 'Memperdalam analisis kebijakan.',
    language: 'id',
    ...overrides,
  });

  it('accepts a valid application', () => {
    expect(issuesOf(schema, anApplicationBody())).toEqual([]);
  });

  it("refuses an applicant's address outside the city's mail domains, naming them in the reader's language", () => {
    const body = anApplicationBody({ email: 'sri@gmail.com' });

    expect(issuesOf(schema, body, 'id')).toEqual([{ path: 'email', message: 'Gunakan alamat email dinas Anda (@surakarta.go.id).' }]);
    expect(issuesOf(schema, body, 'en')).toEqual([{ path: 'email', message: 'Use your official address (@surakarta.go.id).' }]);
  });

  it("refuses a supervisor's address outside the city's mail domains, and one that only ends like them", () => {
    for (const email of ['budi@uns.ac.id', 'budi@evilsurakarta.go.id', 'budi@surakarta.go.id.example'])
      expect(issuesOf(schema, anApplicationBody({ supervisor: { name: 'Budi', email } }), 'en')).toEqual([
        { path: 'supervisor.email', message: "Use your supervisor's official address (@surakarta.go.id)." },
      ]);
  });

  it("accepts an address of a work unit's own subdomain", () => {
    expect(issuesOf(schema, anApplicationBody({ email: 'sri@dinkes.surakarta.go.id' }))).toEqual([]);
  });

  it('refuses a supervisor who is the applicant, also written in other case or with a +tag', () => {
    for (const email of ['Sri.Lestari@Surakarta.go.id', 'sri.lestari+atasan@surakarta.go.id'])
      expect(issuesOf(schema, anApplicationBody({ supervisor: { name: 'Sri', email } }), 'id')).toEqual([
        { path: 'supervisor.email', message: 'Email atasan harus berbeda dari email Anda sendiri.' },
      ]);
  });

  it('follows the deployment’s own mail domains', () => {
    const theirs = applicationInput(aConfig().WORK_UNITS, clock, ['solo.go.id', 'surakarta.go.id']);

    expect(issuesOf(theirs, anApplicationBody({ email: 'sri@solo.go.id' }))).toEqual([]);
    expect(issuesOf(theirs, anApplicationBody({ email: 'sri@uns.ac.id' }), 'en')).toEqual([
      { path: 'email', message: 'Use your official address (@solo.go.id or @surakarta.go.id).' },
    ]);
  });

  it('refuses a work unit outside the configured list', () => {
    const issues = issuesOf(schema, anApplicationBody({ unit: 'Dinas Pariwisata' }), 'id');

    expect(issues).toEqual([{ path: 'unit', message: 'Pilih unit kerja dari daftar.' }]);
  });

  it('accepts a listed work unit typed with spaces around it', () => {
    const result = schema.safeParse(anApplicationBody({ unit: '  Dinas Kesehatan ' }));

    expect(result.success && result.data.unit).toBe('Dinas Kesehatan');
  });

  it("refuses a supervisor email equal to the applicant's own, whatever its case", () => {
    const issues = issuesOf(schema, anApplicationBody({ supervisor: { name: 'Budi Santoso', email: 'Sri.Lestari@Surakarta.go.id' } }), 'en');

    expect(issues).toEqual([{ path: 'supervisor.email', message: "Your supervisor's email must differ from your own." }]);
  });

  it.each([
    ['id', 'Harus salah satu dari: PNS (Pegawai Negeri Sipil), PPPK (Pegawai Pemerintah dengan Perjanjian Kerja).'],
    ['en', 'Must be one of: PNS (career civil servant), PPPK (civil servant on a work contract).'],
  ] as const)('names the employment types as the form does (%s)', (lang, message) => {
    const issues = issuesOf(schema, anApplicationBody({ employmentType: 'honorer' }), lang);

    expect(issues).toEqual([{ path: 'employmentType', message }]);
  });

  it('accepts as PPPK a number whose digits 13–14 are not a month, which it refuses as PNS', () => {
    const nip = '199001012015991001';

    const asPppk = issuesOf(schema, anApplicationBody({ nip, employmentType: 'PPPK' }));
    const asPns = issuesOf(schema, anApplicationBody({ nip, employmentType: 'PNS' }));

    expect(asPppk).toEqual([]);
    expect(asPns.map((i) => i.path)).toEqual(['nip']);
    expect(asPns[0]!.message).toMatch(/not a real month/);
  });
});

/** The yearly record of one ASN. */
function aYearRecord(nip: string, jp: number, overrides: Partial<AsnYearRecord> = {}): AsnYearRecord {
  return { nip, year: 2027, name: `ASN ${nip.slice(-3)}`, unit: 'Dinas Pendidikan', employmentType: 'PNS', jp, ...overrides };
}

describe('tallyJp', () => {
  it('reports each ASN with the JP their yearly record holds, in NIP order', () => {
    const rows = tallyJp([aYearRecord('199203152018012002', 12), aYearRecord('198501012010011001', 36, { name: 'Dewi Rahayu', employmentType: 'PPPK' })]);

    expect(rows).toEqual([
      {
        nip: '198501012010011001',
        name: 'Dewi Rahayu',
        unit: 'Dinas Pendidikan',
        employmentType: 'PPPK',
        jp: 36,
        jpBySource: { internship: 36, research: 0 },
        reachedMinimum: true,
      },
      {
        nip: '199203152018012002',
        name: 'ASN 002',
        unit: 'Dinas Pendidikan',
        employmentType: 'PNS',
        jp: 12,
        jpBySource: { internship: 12, research: 0 },
        reachedMinimum: false,
      },
    ]);
  });

  it('shows where the JP of an ASN with both internship and research credits came from, the total counting toward the minimum', () => {
    // 8 JP from an internship, then a research project's 16: the record adds both to `jp`, and the project's to `jpResearch` too.
    const [row] = tallyJp([aYearRecord('198501012010011001', 24, { jpResearch: 16 })]);

    expect(row).toMatchObject({ jp: 24, jpBySource: { internship: 8, research: 16 }, reachedMinimum: true });
  });

  it('reports an ASN with research credits only with no internship part', () => {
    const [row] = tallyJp([aYearRecord('198501012010011001', 12, { jpResearch: 12 })]);

    expect(row).toMatchObject({ jp: 12, jpBySource: { internship: 0, research: 12 }, reachedMinimum: false });
  });

  it('counts the minimum reached at exactly 20 JP, and not at 19', () => {
    const [at20, at19] = tallyJp([aYearRecord('198501012010011001', 20), aYearRecord('198501012010011002', 19)]);

    expect(at20).toMatchObject({ jp: 20, reachedMinimum: true });
    expect(at19).toMatchObject({ jp: 19, reachedMinimum: false });
  });

  it('reports an ASN who applied but has no JP yet with 0', () => {
    expect(tallyJp([aYearRecord('198501012010011001', 0)])).toMatchObject([{ jp: 0, jpBySource: { internship: 0, research: 0 }, reachedMinimum: false }]);
  });

  it('keeps every NIP once, in order, and marks the minimum reached exactly from 20 JP', () => {
    const nip = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 18, maxLength: 18 });
    // `jpResearch` is a part of `jp` (absent when no research credit was added), as the ledger writes them.
    const record = fc
      .record({
        nip,
        internship: fc.nat({ max: 200 }),
        research: fc.option(fc.nat({ max: 200 }), { nil: undefined }),
        employmentType: fc.constantFrom('PNS' as const, 'PPPK' as const),
      })
      .map((r) => ({ ...r, jp: r.internship + (r.research ?? 0) }));
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: (r) => r.nip, maxLength: 30 }), (records) => {
        const rows = tallyJp(
          records.map((r) => aYearRecord(r.nip, r.jp, { employmentType: r.employmentType, ...(r.research === undefined ? {} : { jpResearch: r.research }) })),
        );

        expect(rows.map((r) => r.nip)).toEqual(records.map((r) => r.nip).sort());
        for (const row of rows) {
          const source = records.find((r) => r.nip === row.nip)!;
          expect(row.jp).toBe(source.jp);
          expect(row.jpBySource).toEqual({ internship: source.internship, research: source.research ?? 0 });
          expect(row.jpBySource.internship + row.jpBySource.research).toBe(row.jp);
          expect(row.reachedMinimum).toBe(source.jp >= 20);
        }
      }),
    );
  });
});

/**
 * A strict RFC 4180 reader: records end with CRLF; a field is either plain (no quote, comma or
 * line break) or wholly in double quotes, with a quote inside written twice. Anything else throws.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  const endField = () => {
    record.push(field);
    field = '';
    state = 'start';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (state === 'quoted') {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else state = 'closed';
    } else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else if (state === 'closed') throw new Error(`text after a closing quote at ${i}`);
    else if (c === '"' && state === 'start') state = 'quoted';
    else if (c === '"' || c === '\r' || c === '\n') throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`);
    else (field += c), (state = 'plain');
  }
  if (state !== 'start' || field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

const header = ['nip', 'name', 'unit', 'employment_type', 'year', 'jp', 'jp_internship', 'jp_research', 'reached_20_jp'];

function aRow(overrides: Partial<JpReportRow> = {}): JpReportRow {
  return {
    nip: '198501012010011001',
    name: 'Sri Lestari',
    unit: 'Dinas Pendidikan',
    employmentType: 'PNS',
    jp: 24,
    jpBySource: { internship: 24, research: 0 },
    reachedMinimum: true,
    ...overrides,
  };
}

describe('jpReportCsv', () => {
  it('starts with a byte-order mark and a header, and ends every line with CRLF', () => {
    const csv = jpReportCsv(2027, [
      aRow(),
      aRow({ nip: '199203152018012002', name: 'Dewi Rahayu', jp: 8, jpBySource: { internship: 8, research: 0 }, reachedMinimum: false }),
    ]);

    expect(csv).toBe(
      '\uFEFFnip,name,unit,employment_type,year,jp,jp_internship,jp_research,reached_20_jp\r\n' +
        '198501012010011001,Sri Lestari,Dinas Pendidikan,PNS,2027,24,24,0,yes\r\n' +
        '199203152018012002,Dewi Rahayu,Dinas Pendidikan,PNS,2027,8,8,0,no\r\n',
    );
  });

  it('writes the internship and research parts after the total, for an ASN with both', () => {
    const [row] = tallyJp([aYearRecord('198501012010011001', 30, { name: 'Sri Lestari', jpResearch: 18 })]);

    expect(jpReportCsv(2027, [row!]).split('\r\n')[1]).toBe('198501012010011001,Sri Lestari,Dinas Pendidikan,PNS,2027,30,12,18,yes');
  });

  it('writes only the header for a year without activity', () => {
    expect(jpReportCsv(2027, [])).toBe(`\uFEFF${header.join(',')}\r\n`);
  });

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    const csv = jpReportCsv(2027, [aRow({ name: 'Lestari, Sri', unit: 'Dinas "Pendidikan"', employmentType: 'PNS\r\nlama' })]);

    expect(csv.split('\r\n')[1]).toBe('198501012010011001,"Lestari, Sri","Dinas ""Pendidikan""","PNS');
    expect(parseCsv(csv.slice(1))[1]).toEqual(['198501012010011001', 'Lestari, Sri', 'Dinas "Pendidikan"', 'PNS\r\nlama', '2027', '24', '24', '0', 'yes']);
  });

  it('defuses text a spreadsheet would run as a formula with a leading apostrophe', () => {
    const csv = jpReportCsv(2027, [
      aRow({ name: '=HYPERLINK("https://evil.example","x")', unit: '+62 271', employmentType: '@SUM(A1)' }),
      aRow({ name: '-1+1', unit: '\tDinas' }),
    ]);

    const [, first, second] = parseCsv(csv.slice(1));
    expect(first!.slice(1, 4)).toEqual(['\'=HYPERLINK("https://evil.example","x")', "'+62 271", "'@SUM(A1)"]);
    expect(second!.slice(1, 3)).toEqual(["'-1+1", "'\tDinas"]);
    expect(csv).not.toMatch(/(^|,|\n)"?[=+\-@]/);
  });

  it('reads back as the fields written, formula-looking text with its apostrophe', () => {
    const special = fc.constantFrom(',', '"', '\r', '\n', '\r\n', ';', '=', '+', '-', '@', '\t', "'", ' ');
    const text = fc.string({ unit: fc.oneof(special, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 });
    const row = fc
      .record({
        nip: text,
        name: text,
        unit: text,
        employmentType: text,
        internship: fc.nat({ max: 500 }),
        research: fc.nat({ max: 500 }),
        reachedMinimum: fc.boolean(),
      })
      .map(({ internship, research, ...r }) => ({ ...r, jp: internship + research, jpBySource: { internship, research } }));
    const shown = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.array(row, { maxLength: 8 }), (year, rows) => {
        const csv = jpReportCsv(year, rows);

        expect(csv.startsWith('\uFEFF')).toBe(true);
        expect(parseCsv(csv.slice(1))).toEqual([
          header,
          ...rows.map((r) => [
            shown(r.nip),
            shown(r.name),
            shown(r.unit),
            shown(r.employmentType),
            String(year),
            String(r.jp),
            String(r.jpBySource.internship),
            String(r.jpBySource.research),
            r.reachedMinimum ? 'yes' : 'no',
          ]),
        ]);
      }),
    );
  });
});
