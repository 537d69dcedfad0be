import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkNip, type EmploymentType, type NipPart, nipFields, nipSchema, parseNip, refineNip } from '../../shared/kernel/asn/nip.js';
import type { Language } from '../../shared/kernel/i18n.js';
import type { Clock } from '../../shared/kernel/time.js';
import { toFieldIssues } from '../../shared/kernel/validation.js';

/** Every test runs on 28 November 2026, 10:00 WIB. */
const today = new Date('2026-11-28T10:00:00+07:00');
const clock: Clock = { now: () => today };

/** A valid PNS NIP (born 15 March 1985, TMT CPNS January 2010, female, 003) with any group replaced. */
function aPnsNip(parts: { birth?: string; appointment?: string; gender?: string; sequence?: string } = {}): string {
  const { birth = '19850315', appointment = '201001', gender = '2', sequence = '003' } = parts;
  return `${birth}${appointment}${gender}${sequence}`;
}

/** A valid NI PPPK (born 18 July 1992, appointed 2023, code 21, male, 001) with any group replaced. */
function aPppkNip(parts: { birth?: string; year?: string; code?: string; gender?: string; sequence?: string } = {}): string {
  const { birth = '19920718', year = '2023', code = '21', gender = '1', sequence = '001' } = parts;
  return `${birth}${year}${code}${gender}${sequence}`;
}

function partsOf(nip: string, type: EmploymentType, on: Date = today): NipPart[] {
  return checkNip(nip, type, on).map((problem) => problem.part);
}

/** The messages a person gets for the number, in one language, as the API would send them. */
function messagesFor(nip: string, employmentType: EmploymentType, lang: Language): string[] {
  const body = { nip, employmentType };
  const result = nipSchema(clock).safeParse(body);
  if (result.success) throw new Error(`expected ${nip} to be refused as ${employmentType}`);
  return toFieldIssues(result.error.issues, lang, body).map((issue) => {
    expect(issue.path).toBe('nip');
    return issue.message;
  });
}

describe('checkNip', () => {
  describe('valid numbers', () => {
    it('accepts a valid PNS NIP', () => {
      expect(checkNip(aPnsNip(), 'PNS', today)).toEqual([]);
    });

    it('accepts a valid NI PPPK', () => {
      expect(checkNip(aPppkNip(), 'PPPK', today)).toEqual([]);
    });

    it('tolerates the spaces people type between the groups', () => {
      expect(checkNip('19850315 201001 2 003', 'PNS', today)).toEqual([]);
      expect(checkNip(' 19920718\t2023 21 1 001 ', 'PPPK', today)).toEqual([]);
      expect(checkNip('19850315\u00a0201001\u00a02\u00a0003', 'PNS', today)).toEqual([]);
    });

    it('accepts 29 February as a birth date in a leap year, including a leap century', () => {
      expect(checkNip(aPnsNip({ birth: '19880229', appointment: '201003' }), 'PNS', today)).toEqual([]);
      expect(checkNip(aPnsNip({ birth: '20000229', appointment: '201802' }), 'PNS', today)).toEqual([]);
    });

    it('accepts sequence numbers from 001 to 999', () => {
      expect(checkNip(aPnsNip({ sequence: '001' }), 'PNS', today)).toEqual([]);
      expect(checkNip(aPnsNip({ sequence: '999' }), 'PNS', today)).toEqual([]);
    });
  });

  describe('length and digits', () => {
    it('refuses a number with 17 digits, saying how many it found', () => {
      const nip = aPnsNip().slice(0, 17);

      expect(partsOf(nip, 'PNS')).toEqual(['length']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['NIP harus terdiri dari 18 angka; yang terisi 17 angka.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The NIP must have 18 digits; found 17.']);
    });

    it('refuses a number with 19 digits, calling a PPPK number by its own name', () => {
      const nip = `${aPppkNip()}7`;

      expect(partsOf(nip, 'PPPK')).toEqual(['length']);
      expect(messagesFor(nip, 'PPPK', 'id')).toEqual(['NI PPPK harus terdiri dari 18 angka; yang terisi 19 angka.']);
      expect(messagesFor(nip, 'PPPK', 'en')).toEqual(['The NI PPPK must have 18 digits; found 19.']);
    });

    it('asks for the number when nothing but spaces was typed', () => {
      expect(partsOf('   ', 'PNS')).toEqual(['length']);
      expect(messagesFor('   ', 'PNS', 'id')).toEqual(['NIP wajib diisi.']);
      expect(messagesFor('', 'PNS', 'en')).toEqual(['The NIP is required.']);
    });

    it('tolerates spaces but no other separator, naming the characters found', () => {
      const nip = '19850315-201001.2-003';

      expect(partsOf(nip, 'PNS')).toEqual(['digits']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['NIP hanya boleh berisi angka; ditemukan "-", ".".']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The NIP may contain digits only; found "-", ".".']);
    });

    it('names an invisible character by its code point', () => {
      expect(messagesFor(`${aPnsNip()}\u200b`, 'PNS', 'en')).toEqual(['The NIP may contain digits only; found U+200B.']);
    });

    it('reports both a stray letter and the resulting shortfall of digits', () => {
      const nip = `${aPnsNip().slice(0, 17)}O`;

      expect(partsOf(nip, 'PNS')).toEqual(['digits', 'length']);
    });
  });

  describe('birth date (digits 1–8)', () => {
    it('refuses a birth date that does not exist, quoting it', () => {
      const nip = aPnsNip({ birth: '19901332' });

      expect(partsOf(nip, 'PNS')).toEqual(['birthDate']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['Tanggal lahir 19901332 pada digit 1–8 bukan tanggal yang nyata.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The birth date 19901332 in digits 1–8 is not a real date.']);
    });

    it.each([
      ['30 February', '19900230'],
      ['29 February in a common year', '19890229'],
      ['31 April', '19900431'],
      ['day 00', '19900100'],
      ['month 00', '19900001'],
    ])('refuses %s as a birth date', (_name, birth) => {
      expect(partsOf(aPnsNip({ birth }), 'PNS')).toEqual(['birthDate']);
      expect(partsOf(aPppkNip({ birth }), 'PPPK')).toEqual(['birthDate']);
    });

    it('refuses a birth year before 1940 as implausible', () => {
      const nip = aPnsNip({ birth: '19391231' });

      expect(partsOf(nip, 'PNS')).toEqual(['birthDate']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['Tahun lahir 1939 pada digit 1–4 tidak masuk akal; paling awal 1940.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The birth year 1939 in digits 1–4 is not plausible; 1940 at the earliest.']);
      expect(partsOf(aPnsNip({ birth: '19400101', appointment: '196001' }), 'PNS')).toEqual([]);
    });
  });

  describe('appointment (PNS digits 9–14, PPPK digits 9–12)', () => {
    it('refuses a PNS first appointment whose month does not exist', () => {
      const nip = aPnsNip({ appointment: '201013' });

      expect(partsOf(nip, 'PNS')).toEqual(['appointment']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['TMT CPNS 201013 pada digit 9–14 bukan bulan yang nyata.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The first appointment (TMT CPNS) 201013 in digits 9–14 is not a real month.']);
      expect(partsOf(aPnsNip({ appointment: '201000' }), 'PNS')).toEqual(['appointment']);
    });

    it('refuses an appointment year before any plausible holder could have been appointed', () => {
      expect(messagesFor(aPnsNip({ appointment: '195712' }), 'PNS', 'en')).toEqual([
        'The first appointment (TMT CPNS) 195712 in digits 9–14 is too early; 195801 at the earliest.',
      ]);
      expect(messagesFor(aPppkNip({ year: '1957' }), 'PPPK', 'id')).toEqual(['Tahun pengangkatan 1957 pada digit 9–12 terlalu awal; paling awal 1958.']);
    });

    it('does not read the two digits after a PPPK appointment year as a month', () => {
      expect(partsOf(aPppkNip({ code: '00' }), 'PPPK')).toEqual([]);
      expect(partsOf(aPppkNip({ code: '99' }), 'PPPK')).toEqual([]);
    });

    it('refuses as a PNS NIP a PPPK number whose digits 13–14 are not a month', () => {
      const nip = aPppkNip({ code: '21' });

      expect(partsOf(nip, 'PPPK')).toEqual([]);
      expect(partsOf(nip, 'PNS')).toEqual(['appointment']);
    });
  });

  describe('age at appointment', () => {
    it('refuses a PNS appointed before the month of their 18th birthday, naming the earliest month', () => {
      const nip = aPnsNip({ birth: '19900615', appointment: '200805' });

      expect(partsOf(nip, 'PNS')).toEqual(['age']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual([
        'TMT CPNS 200805 pada digit 9–14 jatuh sebelum usia 18 tahun menurut tanggal lahir 19900615; paling awal 200806.',
      ]);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual([
        'The first appointment (TMT CPNS) 200805 in digits 9–14 falls before age 18 for the birth date 19900615; 200806 at the earliest.',
      ]);
    });

    it('accepts a PNS appointed in the month of their 18th birthday, the day not being known', () => {
      expect(partsOf(aPnsNip({ birth: '19900630', appointment: '200806' }), 'PNS')).toEqual([]);
    });

    it('compares a PPPK appointment by year: birth year + 18 at the earliest', () => {
      const tooYoung = aPppkNip({ birth: '19901231', year: '2007' });

      expect(partsOf(tooYoung, 'PPPK')).toEqual(['age']);
      expect(messagesFor(tooYoung, 'PPPK', 'en')).toEqual([
        'The appointment year 2007 in digits 9–12 falls before age 18 for the birth date 19901231; 2008 at the earliest.',
      ]);
      expect(partsOf(aPppkNip({ birth: '19901231', year: '2008' }), 'PPPK')).toEqual([]);
    });
  });

  describe('appointment in the future', () => {
    it('refuses a PNS appointment after the current month, naming the latest possible one', () => {
      const nip = aPnsNip({ appointment: '202612' });

      expect(partsOf(nip, 'PNS')).toEqual(['future']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['TMT CPNS 202612 pada digit 9–14 masih di masa depan; paling lambat 202611 (bulan ini).']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual([
        'The first appointment (TMT CPNS) 202612 in digits 9–14 lies in the future; 202611 (this month) at the latest.',
      ]);
      expect(partsOf(aPnsNip({ appointment: '202611' }), 'PNS')).toEqual([]);
    });

    it('refuses a PPPK appointment after the current year', () => {
      const nip = aPppkNip({ year: '2027' });

      expect(partsOf(nip, 'PPPK')).toEqual(['future']);
      expect(messagesFor(nip, 'PPPK', 'en')).toEqual(['The appointment year 2027 in digits 9–12 lies in the future; 2026 (this year) at the latest.']);
      expect(partsOf(aPppkNip({ year: '2026' }), 'PPPK')).toEqual([]);
    });

    it('takes the current month in WIB, seven hours ahead of UTC', () => {
      const nip = aPnsNip({ appointment: '202612' });

      expect(partsOf(nip, 'PNS', new Date('2026-11-30T16:59:59Z'))).toEqual(['future']);
      expect(partsOf(nip, 'PNS', new Date('2026-11-30T17:00:00Z'))).toEqual([]);
    });
  });

  describe('gender (digit 15) and sequence (digits 16–18)', () => {
    it('refuses a gender digit other than 1 or 2, quoting it', () => {
      const nip = aPnsNip({ gender: '3' });

      expect(partsOf(nip, 'PNS')).toEqual(['gender']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['Digit jenis kelamin (digit 15) harus 1 (laki-laki) atau 2 (perempuan); yang tertulis 3.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The gender digit (digit 15) must be 1 (male) or 2 (female); found 3.']);
      expect(partsOf(aPppkNip({ gender: '0' }), 'PPPK')).toEqual(['gender']);
    });

    it('refuses sequence 000, which is never issued', () => {
      const nip = aPnsNip({ sequence: '000' });

      expect(partsOf(nip, 'PNS')).toEqual(['sequence']);
      expect(messagesFor(nip, 'PNS', 'id')).toEqual(['Nomor urut 000 pada digit 16–18 harus antara 001 dan 999.']);
      expect(messagesFor(nip, 'PNS', 'en')).toEqual(['The sequence number 000 in digits 16–18 must be between 001 and 999.']);
    });
  });

  it('names every wrong part at once, in the order of the digits', () => {
    expect(partsOf(aPnsNip({ birth: '19900230', appointment: '202699', gender: '7', sequence: '000' }), 'PNS')).toEqual([
      'birthDate',
      'appointment',
      'gender',
      'sequence',
    ]);
    expect(partsOf(aPnsNip({ birth: '20100101', appointment: '202701', gender: '0' }), 'PNS')).toEqual(['age', 'future', 'gender']);
  });
});

describe('parseNip', () => {
  it('reads a PNS NIP: birth date, month of first appointment, gender and sequence', () => {
    expect(parseNip('19850315 201001 2 003', 'PNS')).toEqual({ birthDate: '1985-03-15', appointment: '2010-01', gender: 'female', sequence: 3 });
  });

  it('reads an NI PPPK, whose appointment is a year only', () => {
    expect(parseNip(aPppkNip(), 'PPPK')).toEqual({ birthDate: '1992-07-18', appointment: '2023', gender: 'male', sequence: 1 });
  });

  it('reads nothing from a number that breaks a rule', () => {
    expect(parseNip(aPnsNip({ birth: '19901332' }), 'PNS')).toBeUndefined();
    expect(parseNip(aPnsNip({ gender: '5' }), 'PNS')).toBeUndefined();
    expect(parseNip(aPppkNip(), 'PNS')).toBeUndefined();
    expect(parseNip('1985', 'PNS')).toBeUndefined();
  });

  it('leaves the future-appointment rule, which needs today, to checkNip', () => {
    expect(parseNip(aPnsNip({ appointment: '203001' }), 'PNS')?.appointment).toBe('2030-01');
  });
});

describe('nipSchema and refineNip', () => {
  it('accepts a valid body and gives the NIP back without its spaces', () => {
    expect(nipSchema(clock).parse({ nip: '19850315 201001 2 003', employmentType: 'PNS' })).toEqual({
      nip: '198503152010012003',
      employmentType: 'PNS',
    });
  });

  it('adds one issue at `nip` per problem, with the part in its params', () => {
    const result = nipSchema(clock).safeParse({ nip: aPnsNip({ birth: '19900230', gender: '9' }), employmentType: 'PNS' });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => ({ code: issue.code, path: issue.path, part: (issue as { params?: { part?: string } }).params?.part }))).toEqual(
      [
        { code: 'custom', path: ['nip'], part: 'birthDate' },
        { code: 'custom', path: ['nip'], part: 'gender' },
      ],
    );
  });

  it('judges the number by the employment type given with it', () => {
    const nip = aPppkNip({ code: '45' });

    expect(nipSchema(clock).safeParse({ nip, employmentType: 'PPPK' }).success).toBe(true);
    expect(nipSchema(clock).safeParse({ nip, employmentType: 'PNS' }).success).toBe(false);
  });

  it('asks the clock for today at every check, not when the schema is built', () => {
    let now = new Date('2026-11-28T10:00:00+07:00');
    const schema = nipSchema({ now: () => now });
    const body = { nip: aPnsNip({ appointment: '202612' }), employmentType: 'PNS' };

    expect(schema.safeParse(body).success).toBe(false);
    now = new Date('2026-12-01T08:00:00+07:00');
    expect(schema.safeParse(body).success).toBe(true);
  });

  it('reports NIP problems alongside those of other fields in a larger schema, even a missing one', () => {
    const Application = z.strictObject({ ...nipFields, name: z.string(), email: z.email() }).check(refineNip(clock));
    const body = { nip: aPnsNip({ gender: '3' }), employmentType: 'PNS', email: 'not an address' };

    const result = Application.safeParse(body);

    expect(result.success).toBe(false);
    expect(toFieldIssues(result.error?.issues ?? [], 'id', body)).toEqual([
      { path: 'name', message: 'Wajib diisi.' },
      { path: 'email', message: 'Alamat email tidak valid.' },
      { path: 'nip', message: 'Digit jenis kelamin (digit 15) harus 1 (laki-laki) atau 2 (perempuan); yang tertulis 3.' },
    ]);
  });

  it('does not judge the number when its employment type is missing or unknown', () => {
    const body = { nip: aPnsNip({ gender: '3' }), employmentType: 'honorer' };

    const result = nipSchema(clock).safeParse(body);

    expect(toFieldIssues(result.error?.issues ?? [], 'en', body)).toEqual([
      { path: 'employmentType', message: 'Must be one of: PNS (career civil servant), PPPK (civil servant on a work contract).' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. Dates are built from whole days since 1970 so every generated one exists.

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const MS_PER_DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY;

/** Today's month, counted as year × 12 + month − 1, like the appointments below. */
const thisMonth = 2026 * 12 + 10;

interface BirthDate {
  year: number;
  month: number;
  digits: string;
}

/** A real birth date between 1950 and 2005. */
const realBirthDate: fc.Arbitrary<BirthDate> = fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2005-12-31') }).map((day) => {
  const date = new Date(day * MS_PER_DAY);
  const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return { year, month, digits: `${year}${pad(month, 2)}${pad(dayOfMonth, 2)}` };
});

const genderDigit = fc.constantFrom('1', '2');
const sequenceDigits = fc.integer({ min: 1, max: 999 }).map((n) => pad(n, 3));
const notAGenderDigit = fc.constantFrom('0', '3', '4', '5', '6', '7', '8', '9');

interface GeneratedNip {
  nip: string;
  birth: BirthDate;
}

/** A valid PNS NIP: first appointment from the month of the 18th birthday up to this month. */
const validPnsNip: fc.Arbitrary<GeneratedNip> = realBirthDate.chain((birth) =>
  fc
    .tuple(fc.integer({ min: (birth.year + 18) * 12 + (birth.month - 1), max: thisMonth }), genderDigit, sequenceDigits)
    .map(([appointment, gender, sequence]) => ({
      birth,
      nip: `${birth.digits}${Math.floor(appointment / 12)}${pad((appointment % 12) + 1, 2)}${gender}${sequence}`,
    })),
);

/** A valid NI PPPK with any two digits after the appointment year, limited by `code`. */
function validPppkNip(code: fc.Arbitrary<number> = fc.integer({ min: 0, max: 99 })): fc.Arbitrary<GeneratedNip> {
  return realBirthDate.chain((birth) =>
    fc
      .tuple(fc.integer({ min: birth.year + 18, max: 2026 }), code, genderDigit, sequenceDigits)
      .map(([year, twoDigits, gender, sequence]) => ({ birth, nip: `${birth.digits}${year}${pad(twoDigits, 2)}${gender}${sequence}` })),
  );
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const birthYear = fc.integer({ min: 1950, max: 1990 });
const month = fc.integer({ min: 1, max: 12 });
const eightDigits = (year: number, monthOfYear: number, day: number) => `${year}${pad(monthOfYear, 2)}${pad(day, 2)}`;

/** Eight digits of the birth-date shape that are not a date on the calendar. */
const unrealBirthDate: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(birthYear, month, fc.integer({ min: 32, max: 99 })).map(([y, m, d]) => eightDigits(y, m, d)),
  fc.tuple(birthYear, month).map(([y, m]) => eightDigits(y, m, 0)),
  fc.tuple(birthYear, fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => eightDigits(y, m, d)),
  fc.tuple(birthYear, fc.constantFrom(30, 31)).map(([y, d]) => eightDigits(y, 2, d)),
  birthYear.filter((y) => !isLeap(y)).map((y) => eightDigits(y, 2, 29)),
  fc.tuple(birthYear, fc.constantFrom(4, 6, 9, 11)).map(([y, m]) => eightDigits(y, m, 31)),
);

/** The 10 digits after a birth date in 1950–1990 that are valid for `type` as of today. */
function validRest(type: EmploymentType): fc.Arbitrary<string> {
  const appointment =
    type === 'PNS'
      ? fc.tuple(fc.integer({ min: 2008, max: 2025 }), month).map(([y, m]) => `${y}${pad(m, 2)}`)
      : fc.tuple(fc.integer({ min: 2008, max: 2026 }), fc.integer({ min: 0, max: 99 })).map(([y, code]) => `${y}${pad(code, 2)}`);
  return fc.tuple(appointment, genderDigit, sequenceDigits).map((parts) => parts.join(''));
}

const withGender = (nip: string, digit: string) => `${nip.slice(0, 14)}${digit}${nip.slice(15)}`;

describe('NIP properties', () => {
  it('accepts every generated valid PNS NIP, and reads back its birth date', () => {
    fc.assert(
      fc.property(validPnsNip, ({ nip, birth }) => {
        expect(checkNip(nip, 'PNS', today)).toEqual([]);
        expect(parseNip(nip, 'PNS')?.birthDate.replaceAll('-', '')).toBe(birth.digits);
      }),
    );
  });

  it('accepts every generated valid NI PPPK, and reads back its birth date', () => {
    fc.assert(
      fc.property(validPppkNip(), ({ nip, birth }) => {
        expect(checkNip(nip, 'PPPK', today)).toEqual([]);
        expect(parseNip(nip, 'PPPK')?.birthDate.replaceAll('-', '')).toBe(birth.digits);
      }),
    );
  });

  it('gives the same verdict whatever spaces separate the groups', () => {
    fc.assert(
      fc.property(validPnsNip, fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: 4, maxLength: 4 }), ({ nip }, [a, b, c, d]) => {
        const spaced = `${a}${nip.slice(0, 8)}${b}${nip.slice(8, 14)}${c}${nip.slice(14, 15)}${d}${nip.slice(15)}`;
        expect(checkNip(spaced, 'PNS', today)).toEqual([]);
      }),
    );
  });

  it('refuses every birth date that is not a real date, naming the birth date and quoting it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EmploymentType>('PNS', 'PPPK').chain((type) => fc.tuple(fc.constant(type), unrealBirthDate, validRest(type))),
        ([type, birth, rest]) => {
          expect(checkNip(`${birth}${rest}`, type, today)).toEqual([{ part: 'birthDate', message: expect.stringContaining(`${birth} `) }]);
        },
      ),
    );
  });

  it('refuses every PNS NIP whose appointment month is 00 or 13–99, naming the appointment', () => {
    const notAMonth = fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 }));
    fc.assert(
      fc.property(validPnsNip, notAMonth, ({ nip }, appointmentMonth) => {
        const broken = `${nip.slice(0, 12)}${pad(appointmentMonth, 2)}${nip.slice(14)}`;
        expect(checkNip(broken, 'PNS', today)).toEqual([{ part: 'appointment', message: expect.stringContaining(broken.slice(8, 14)) }]);
      }),
    );
  });

  it('refuses every number whose gender digit is not 1 or 2, naming the gender digit', () => {
    fc.assert(
      fc.property(validPnsNip, validPppkNip(), notAGenderDigit, (pns, pppk, digit) => {
        expect(checkNip(withGender(pns.nip, digit), 'PNS', today)).toEqual([{ part: 'gender', message: expect.stringContaining(`; found ${digit}.`) }]);
        expect(checkNip(withGender(pppk.nip, digit), 'PPPK', today)).toEqual([{ part: 'gender', message: expect.stringContaining(`; found ${digit}.`) }]);
      }),
    );
  });

  it('accepts as PPPK, but refuses as PNS, a number whose digits 13–14 are 13–99', () => {
    fc.assert(
      fc.property(validPppkNip(fc.integer({ min: 13, max: 99 })), ({ nip }) => {
        expect(checkNip(nip, 'PPPK', today)).toEqual([]);
        expect(partsOf(nip, 'PNS')).toEqual(['appointment']);
      }),
    );
  });
});
