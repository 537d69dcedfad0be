import * as z from 'zod/mini';
import type { Bilingual } from '../i18n.js';
import type { Clock } from '../time.js';
import { bilingual, choiceOf } from '../validation.js';

/**
 * The numbers that identify a civil servant (ASN). DESIGN.md, "Domain facts":
 *
 * ```
 * PNS NIP   YYYYMMDD  YYYYMM  G  NNN     birth date · first appointment (TMT CPNS) · gender · sequence
 * NI PPPK   YYYYMMDD  YYYY XX G  NNN     birth date · appointment year · two digits (not a month) · gender · sequence
 * digit     1 ….. 8   9 … 14  15 16–18
 * ```
 *
 * Both are 18 digits, but the digits after the appointment year mean different things, so each
 * kind is checked by its own rule. Every rule that fails is reported, naming the digits it read
 * and what it found, so a person who mistyped one part is told which one.
 */

/** The two kinds of civil servant: career civil servants and those on a work contract. */
export const employmentTypes = ['PNS', 'PPPK'] as const;
export type EmploymentType = (typeof employmentTypes)[number];

/** The employment types as the forms, pages and emails name them. */
export const employmentTypeLabels: Record<EmploymentType, Bilingual> = {
  PNS: { id: 'PNS (Pegawai Negeri Sipil)', en: 'PNS (career civil servant)' },
  PPPK: { id: 'PPPK (Pegawai Pemerintah dengan Perjanjian Kerja)', en: 'PPPK (civil servant on a work contract)' },
};

/** The part of the number a problem is about. */
export type NipPart = 'length' | 'digits' | 'birthDate' | 'appointment' | 'age' | 'future' | 'gender' | 'sequence';

/** One thing wrong with a number; `message` holds both languages (see `bilingual`). */
export interface NipProblem {
  part: NipPart;
  message: string;
}

/** What a valid number says about its holder. */
export interface ParsedNip {
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** `YYYY-MM` (TMT CPNS) for a PNS; `YYYY` for a PPPK, whose number carries only the year. */
  appointment: string;
  gender: 'male' | 'female';
  /** 1–999. */
  sequence: number;
}

/** Both kinds of number have 18 digits. */
const NIP_LENGTH = 18;

/**
 * Birth years before this are refused as implausible: nobody born earlier is still a serving
 * civil servant or within reach of the programme, so such a year is a typing slip.
 */
const EARLIEST_BIRTH_YEAR = 1940;

/** The appointment comes at the earliest at this age (DESIGN.md: "after age ~18"). */
const MINIMUM_AGE_YEARS = 18;

/**
 * The earliest appointment year that can be real: the earliest plausible birth year plus the
 * minimum age. It lets an impossible year be named even when the birth date is unreadable.
 */
const EARLIEST_APPOINTMENT_YEAR = EARLIEST_BIRTH_YEAR + MINIMUM_AGE_YEARS;

/** The city runs on WIB (UTC+7, no daylight saving): "this month" is this month in Surakarta. */
const WIB_OFFSET_MS = 7 * 3_600_000;

/**
 * The number as people type it, grouped by spaces (`19900101 201501 1 001`), becomes its
 * digits. Only whitespace goes (including tabs and the non-breaking spaces a copy from a
 * document brings); dots, dashes and anything else stay, for the rules to name.
 */
export function normalizeNip(value: string): string {
  return value.replace(/\s+/gu, '');
}

/**
 * Everything wrong with a number, in the order of its digits; an empty list means it is valid.
 * Pure: "today" is passed in (its month and year are taken in WIB), never read from the system.
 */
export function checkNip(value: string, employmentType: EmploymentType, today: Date): NipProblem[] {
  const reading = read(value, employmentType);
  if (reading.appointment) {
    const future = futureProblem(reading.appointment, today);
    if (future) insertInDigitOrder(reading.problems, future);
  }
  return reading.problems;
}

/**
 * The parts of a number that passes every rule which does not depend on the date (all but
 * `future`); `undefined` otherwise. Check the number first with `checkNip` or `refineNip`.
 */
export function parseNip(value: string, employmentType: EmploymentType): ParsedNip | undefined {
  const reading = read(value, employmentType);
  return reading.problems.length === 0 ? reading.parsed : undefined;
}

/** The fields a form or API body carries for the number. The NIP arrives without its spaces. */
export const nipFields = {
  nip: z.string().check(z.overwrite(normalizeNip)),
  employmentType: choiceOf(employmentTypes, employmentTypeLabels),
};

/**
 * The NIP rules as a zod check for any object schema holding `nipFields`: one custom issue at
 * path `nip` per problem, with the part in `params.part`. Which rule applies depends on
 * `employmentType`, which is why this checks the object rather than the `nip` string alone.
 *
 * It is a factory over the `Clock` port rather than a ready-made schema because the `future`
 * rule needs today: the clock is asked at every check (never when the schema is built, which
 * happens once per container), and tests pass a fixed clock instead of reading the system's.
 *
 * It runs whenever `nip` and `employmentType` themselves are fine, even if other fields of the
 * body are wrong, so a person sees every problem of the form at once.
 */
export function refineNip(clock: Clock): z.core.$ZodCheck<{ nip: string; employmentType: EmploymentType }> {
  return z.superRefine(
    (value, ctx) => {
      for (const problem of checkNip(value.nip, value.employmentType, clock.now()))
        ctx.addIssue({ code: 'custom', path: ['nip'], message: problem.message, input: value.nip, params: { part: problem.part } });
    },
    { when: (payload) => hasNipFields(payload.value) && !payload.issues.some((issue) => nipKeys.has(issue.path?.[0])) },
  );
}

const nipKeys = new Set<PropertyKey | undefined>(Object.keys(nipFields));

/** A body with just the number and its kind, checked by the NIP rules against `clock`. */
export function nipSchema(clock: Clock) {
  return z.strictObject(nipFields).check(refineNip(clock));
}
export type NipInput = z.output<ReturnType<typeof nipSchema>>;

function hasNipFields(value: unknown): value is { nip: string; employmentType: EmploymentType } {
  if (value === null || typeof value !== 'object') return false;
  const { nip, employmentType } = value as Record<string, unknown>;
  return typeof nip === 'string' && employmentTypes.some((type) => type === employmentType);
}

/** A calendar date read from the number. */
interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** The appointment as read: its digits, and the year and (for a PNS) month they stand for. */
interface Appointment {
  digits: string;
  year: number;
  month?: number;
}

interface Reading {
  problems: NipProblem[];
  /** Present when the appointment could be read, so the `future` rule can judge it. */
  appointment?: Appointment;
  parsed?: ParsedNip;
}

/** Every rule that does not need today's date. */
function read(value: string, type: EmploymentType): Reading {
  const nip = normalizeNip(value);
  const label = type === 'PNS' ? 'NIP' : 'NI PPPK';
  const shape = shapeProblems(nip, label);
  // Without exactly 18 digits the parts cannot be located, so nothing more can be said.
  if (shape.length > 0) return { problems: shape };

  const problems: NipProblem[] = [];
  const report = (problem: NipProblem | undefined) => problem && problems.push(problem);

  const birthDigits = nip.slice(0, 8);
  const birth = readDate(birthDigits);
  report(birthProblem(birthDigits, birth));
  const validBirth = birth && birth.year >= EARLIEST_BIRTH_YEAR ? birth : undefined;

  const appointment = type === 'PNS' ? readPnsAppointment(nip.slice(8, 14)) : readPppkAppointment(nip.slice(8, 12));
  report(appointment.problem);
  const validAppointment = appointment.problem ? undefined : appointment.value;

  if (validBirth && validAppointment) report(ageProblem(birthDigits, validBirth, validAppointment));

  const genderDigit = nip.slice(14, 15);
  report(genderProblem(genderDigit));

  const sequenceDigits = nip.slice(15, 18);
  report(sequenceProblem(sequenceDigits));

  const parsed: ParsedNip | undefined =
    validBirth && validAppointment
      ? {
          birthDate: `${birthDigits.slice(0, 4)}-${birthDigits.slice(4, 6)}-${birthDigits.slice(6, 8)}`,
          appointment:
            validAppointment.month === undefined
              ? String(validAppointment.year)
              : `${validAppointment.digits.slice(0, 4)}-${validAppointment.digits.slice(4, 6)}`,
          gender: genderDigit === '1' ? 'male' : 'female',
          sequence: Number(sequenceDigits),
        }
      : undefined;
  return { problems, appointment: validAppointment, parsed };
}

/** Length and digits: each kind of number is exactly 18 digits, after dropping spaces. */
function shapeProblems(nip: string, label: string): NipProblem[] {
  if (nip === '') return [{ part: 'length', message: bilingual(`${label} wajib diisi.`, `The ${label} is required.`) }];
  const problems: NipProblem[] = [];
  const strangers = [...new Set(nip.replace(/[0-9]/gu, ''))];
  if (strangers.length > 0) {
    const found = strangers.map(showCharacter).join(', ');
    problems.push({
      part: 'digits',
      message: bilingual(`${label} hanya boleh berisi angka; ditemukan ${found}.`, `The ${label} may contain digits only; found ${found}.`),
    });
  }
  const digitCount = nip.length - nip.replace(/[0-9]/gu, '').length;
  if (digitCount !== NIP_LENGTH)
    problems.push({
      part: 'length',
      message: bilingual(
        `${label} harus terdiri dari ${NIP_LENGTH} angka; yang terisi ${digitCount} angka.`,
        `The ${label} must have ${NIP_LENGTH} digits; found ${digitCount}.`,
      ),
    });
  return problems;
}

/** A visible character in quotes; an invisible or unusual one by its code point. */
function showCharacter(character: string): string {
  return /^[\x21-\x7e]$/u.test(character) ? `"${character}"` : `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `YYYYMMDD` as a date, if it is one on the Gregorian calendar. */
function readDate(digits: string): DateParts | undefined {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  return isMonth(month) && day >= 1 && day <= daysInMonth(year, month) ? { year, month, day } : undefined;
}

function isMonth(month: number): boolean {
  return month >= 1 && month <= 12;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Digits 1–8 are the holder's birth date, so they must be a date that exists (no 30 February,
 * no 29 February outside a leap year) and a plausible one.
 */
function birthProblem(digits: string, birth: DateParts | undefined): NipProblem | undefined {
  if (!birth)
    return {
      part: 'birthDate',
      message: bilingual(`Tanggal lahir ${digits} pada digit 1–8 bukan tanggal yang nyata.`, `The birth date ${digits} in digits 1–8 is not a real date.`),
    };
  if (birth.year < EARLIEST_BIRTH_YEAR)
    return {
      part: 'birthDate',
      message: bilingual(
        `Tahun lahir ${birth.year} pada digit 1–4 tidak masuk akal; paling awal ${EARLIEST_BIRTH_YEAR}.`,
        `The birth year ${birth.year} in digits 1–4 is not plausible; ${EARLIEST_BIRTH_YEAR} at the earliest.`,
      ),
    };
  return undefined;
}

/** A PNS's digits 9–14 are the month of the first appointment (TMT CPNS): a real month of a possible year. */
function readPnsAppointment(digits: string): { value: Appointment; problem?: NipProblem } {
  const value = { digits, year: Number(digits.slice(0, 4)), month: Number(digits.slice(4, 6)) };
  if (!isMonth(value.month))
    return {
      value,
      problem: {
        part: 'appointment',
        message: bilingual(
          `TMT CPNS ${digits} pada digit 9–14 bukan bulan yang nyata.`,
          `The first appointment (TMT CPNS) ${digits} in digits 9–14 is not a real month.`,
        ),
      },
    };
  if (value.year < EARLIEST_APPOINTMENT_YEAR)
    return {
      value,
      problem: {
        part: 'appointment',
        message: bilingual(
          `TMT CPNS ${digits} pada digit 9–14 terlalu awal; paling awal ${EARLIEST_APPOINTMENT_YEAR}01.`,
          `The first appointment (TMT CPNS) ${digits} in digits 9–14 is too early; ${EARLIEST_APPOINTMENT_YEAR}01 at the earliest.`,
        ),
      },
    };
  return { value };
}

/**
 * A PPPK's digits 9–12 are the appointment year. Digits 13–14 are not a month (DESIGN.md), so
 * they are not checked as one: any two digits will do.
 */
function readPppkAppointment(digits: string): { value: Appointment; problem?: NipProblem } {
  const value = { digits, year: Number(digits) };
  if (value.year < EARLIEST_APPOINTMENT_YEAR)
    return {
      value,
      problem: {
        part: 'appointment',
        message: bilingual(
          `Tahun pengangkatan ${digits} pada digit 9–12 terlalu awal; paling awal ${EARLIEST_APPOINTMENT_YEAR}.`,
          `The appointment year ${digits} in digits 9–12 is too early; ${EARLIEST_APPOINTMENT_YEAR} at the earliest.`,
        ),
      },
    };
  return { value };
}

/**
 * Nobody is appointed before the age of 18. The appointment has no day, so a PNS's is compared
 * by month (appointment ≥ birth month + 18 years) and a PPPK's by year (≥ birth year + 18).
 */
function ageProblem(birthDigits: string, birth: DateParts, appointment: Appointment): NipProblem | undefined {
  const earliestYear = birth.year + MINIMUM_AGE_YEARS;
  if (appointment.month === undefined) {
    if (appointment.year >= earliestYear) return undefined;
    return {
      part: 'age',
      message: bilingual(
        `Tahun pengangkatan ${appointment.digits} pada digit 9–12 jatuh sebelum usia ${MINIMUM_AGE_YEARS} tahun menurut tanggal lahir ${birthDigits}; paling awal ${earliestYear}.`,
        `The appointment year ${appointment.digits} in digits 9–12 falls before age ${MINIMUM_AGE_YEARS} for the birth date ${birthDigits}; ${earliestYear} at the earliest.`,
      ),
    };
  }
  if (monthIndex(appointment.year, appointment.month) >= monthIndex(earliestYear, birth.month)) return undefined;
  const earliest = `${earliestYear}${twoDigits(birth.month)}`;
  return {
    part: 'age',
    message: bilingual(
      `TMT CPNS ${appointment.digits} pada digit 9–14 jatuh sebelum usia ${MINIMUM_AGE_YEARS} tahun menurut tanggal lahir ${birthDigits}; paling awal ${earliest}.`,
      `The first appointment (TMT CPNS) ${appointment.digits} in digits 9–14 falls before age ${MINIMUM_AGE_YEARS} for the birth date ${birthDigits}; ${earliest} at the earliest.`,
    ),
  };
}

/**
 * A number is issued on appointment, so its appointment cannot lie after this month (PNS) or
 * this year (PPPK), both taken in WIB.
 */
function futureProblem(appointment: Appointment, today: Date): NipProblem | undefined {
  const wib = new Date(today.getTime() + WIB_OFFSET_MS);
  const year = wib.getUTCFullYear();
  const month = wib.getUTCMonth() + 1;
  if (appointment.month === undefined) {
    if (appointment.year <= year) return undefined;
    return {
      part: 'future',
      message: bilingual(
        `Tahun pengangkatan ${appointment.digits} pada digit 9–12 masih di masa depan; paling lambat ${year} (tahun ini).`,
        `The appointment year ${appointment.digits} in digits 9–12 lies in the future; ${year} (this year) at the latest.`,
      ),
    };
  }
  if (monthIndex(appointment.year, appointment.month) <= monthIndex(year, month)) return undefined;
  const latest = `${year}${twoDigits(month)}`;
  return {
    part: 'future',
    message: bilingual(
      `TMT CPNS ${appointment.digits} pada digit 9–14 masih di masa depan; paling lambat ${latest} (bulan ini).`,
      `The first appointment (TMT CPNS) ${appointment.digits} in digits 9–14 lies in the future; ${latest} (this month) at the latest.`,
    ),
  };
}

/** Digit 15 records the holder's gender: `1` male, `2` female; nothing else is issued. */
function genderProblem(digit: string): NipProblem | undefined {
  if (digit === '1' || digit === '2') return undefined;
  return {
    part: 'gender',
    message: bilingual(
      `Digit jenis kelamin (digit 15) harus 1 (laki-laki) atau 2 (perempuan); yang tertulis ${digit}.`,
      `The gender digit (digit 15) must be 1 (male) or 2 (female); found ${digit}.`,
    ),
  };
}

/**
 * Digits 16–18 number the holders who share the first 15 digits. The count starts at 001, so
 * `000` is never issued: it is refused as the typing slip it must be.
 */
function sequenceProblem(digits: string): NipProblem | undefined {
  if (digits !== '000') return undefined;
  return {
    part: 'sequence',
    message: bilingual(
      `Nomor urut ${digits} pada digit 16–18 harus antara 001 dan 999.`,
      `The sequence number ${digits} in digits 16–18 must be between 001 and 999.`,
    ),
  };
}

/** `future` is about digits 9–14, so it goes before the gender and sequence problems. */
function insertInDigitOrder(problems: NipProblem[], problem: NipProblem): void {
  const at = problems.findIndex((p) => p.part === 'gender' || p.part === 'sequence');
  problems.splice(at === -1 ? problems.length : at, 0, problem);
}

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
