import * as z from 'zod/mini';
import { formFieldsOf } from '../kernel/http/form.js';
import type { Language } from '../kernel/i18n.js';
import type { Fact } from '../kernel/pages/labels.js';
import { type Clock, formatDate, todayInWib } from '../kernel/time.js';
import { bilingual, text } from '../kernel/validation.js';
import type { MilestoneRecord } from './research-records.js';

/**
 * The logbook of a research project: what the lead and each member did on which day, for how
 * long, entered on their own project page (`/projects/{token}`). An entry is the holder's own;
 * the lead reads the members' too, and the entries since the last approved milestone go to the
 * reviewers with the next submission (`entriesSince`, `summarizeLogbook`, `logbookFacts`).
 * Rules and words only, no page and no table: a mail task can bundle it. The page and its use
 * cases are project-page.ts.
 */

/** The fewest and most hours one entry may hold, and the step between them. */
export const LOGBOOK_HOURS = { min: 0.5, max: 12, step: 0.5 } as const;

/** The longest activity an entry may describe. */
export const ACTIVITY_MAX = 2000;

/** How many entries one holder may make for one date: enough for any real day, and it keeps the project's partition bounded. */
export const MAX_LOGBOOK_ENTRIES_PER_DAY = 20;

/** Who wrote an entry: the lead, or a member (their number in the team), with the name the project knows them by. */
export interface LogbookAuthor {
  role: 'lead' | 'member';
  /** 1-based, for a member. */
  member?: number;
  name: string;
}

/** One logbook entry, an item of the project's partition. */
export interface LogbookEntry {
  projectId: string;
  /** A UUID, the last part of the item's key. */
  id: string;
  by: LogbookAuthor;
  /** The day the work was done, a WIB calendar date within the project's dates. */
  date: string;
  hours: number;
  activity: string;
  createdAt: string;
}

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/** Whether `value` is a calendar date that exists (so the format check, not this one, speaks about any other). */
const isCalendarDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

const both = (format: (lang: Language) => string) => bilingual(format('id'), format('en'));

/**
 * What one entry says, as the form sends it once read (`logbookEntryFromForm`): the date within
 * the project's dates and not after today in WIB (`clock`), the hours from 0.5 to 12 in steps
 * of 0.5, and the activity, 1–2000 characters with no hidden ones. Nothing else.
 */
export function logbookEntryInput(project: { startDate: string; endDate: string }, clock: Clock) {
  return z.strictObject({
    date: z.iso.date().check(
      z.refine(
        (date) => !isCalendarDate(date) || (date >= project.startDate && date <= project.endDate),
        both((lang) =>
          say(
            lang,
            `Tanggal harus dalam masa proyek (${formatDate(project.startDate, lang)} s.d. ${formatDate(project.endDate, lang)}).`,
            `The date must fall within the project's dates (${formatDate(project.startDate, lang)} to ${formatDate(project.endDate, lang)}).`,
          ),
        ),
      ),
      z.refine(
        (date) => !isCalendarDate(date) || date <= todayInWib(clock.now()),
        bilingual('Tanggal tidak boleh setelah hari ini: catat kegiatan yang sudah dikerjakan.', 'The date cannot be after today: log work already done.'),
      ),
    ),
    hours: z.number().check(
      z.refine(
        (hours) => hours >= LOGBOOK_HOURS.min && hours <= LOGBOOK_HOURS.max,
        bilingual('Jumlah jam harus antara 0,5 dan 12.', 'The hours must be between 0.5 and 12.'),
      ),
      z.refine(
        // Out of range says so alone: one message is enough to act on.
        (hours) => hours < LOGBOOK_HOURS.min || hours > LOGBOOK_HOURS.max || Number.isInteger(hours / LOGBOOK_HOURS.step),
        bilingual('Isi jumlah jam dalam kelipatan 0,5 (misalnya 1,5).', 'Give the hours in steps of 0.5 (such as 1.5).'),
      ),
    ),
    activity: text(ACTIVITY_MAX, 'multiline'),
  });
}
export type LogbookEntryInput = z.output<ReturnType<typeof logbookEntryInput>>;

/** The fields the logbook form posts; every value is read by `logbookEntryInput` after `logbookEntryFromForm`. */
const LogbookForm = z.strictObject({
  date: z.optional(z.string()),
  hours: z.optional(z.string()),
  activity: z.optional(z.string()),
  proof: z.optional(z.string()),
});
export const logbookFormFields = formFieldsOf(LogbookForm);

/**
 * An entry as the schema reads it, from the form's text: a field left empty is missing, and the
 * hours are a number, read with a decimal comma as readily as a point ("1,5"), since that is
 * how they are written in Indonesian; anything else stays text for the schema to refuse.
 */
export function logbookEntryFromForm(fields: Readonly<Record<string, string>>): Record<string, unknown> {
  const { proof: _proof, ...rest } = fields;
  const entry: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(rest)) {
    const value = raw.trim();
    if (value === '') continue;
    entry[name] = name === 'hours' && /^\d{1,3}(?:[.,]\d{1,3})?$/.test(value) ? Number(value.replace(',', '.')) : value;
  }
  return entry;
}

/** Whether an entry is the holder's own. */
export const isOwnEntry = (entry: Pick<LogbookEntry, 'by'>, holder: Pick<LogbookAuthor, 'role' | 'member'>) =>
  entry.by.role === holder.role && (holder.role === 'lead' || entry.by.member === holder.member);

/** Newest first: by date, then by when written. */
export const newestFirst = (entries: readonly LogbookEntry[]) =>
  [...entries].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));

// ---------------------------------------------------------------------------------------------
// What the reviewers are shown with a submission

/**
 * The WIB date the logbook counts from for the next submission: the day the latest approved
 * milestone was approved, or undefined while none is (then every entry counts, since the
 * project started). Pass the project's other milestones when it is about one of them.
 */
export function lastApprovalDate(milestones: readonly Pick<MilestoneRecord, 'status' | 'approvedAt'>[]): string | undefined {
  const approvals = milestones.filter((m) => m.status === 'APPROVED' && m.approvedAt).map((m) => m.approvedAt as string);
  if (approvals.length === 0) return undefined;
  return todayInWib(new Date(approvals.sort().at(-1) as string));
}

/** The entries dated after `since` (a WIB calendar date, exclusive), oldest first; all of them when `since` is undefined. */
export function entriesSince(entries: readonly LogbookEntry[], since: string | undefined): LogbookEntry[] {
  return entries
    .filter((entry) => since === undefined || entry.date > since)
    .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
}

/** One author's part of a summary. */
export interface LogbookAuthorSummary {
  by: LogbookAuthor;
  entryCount: number;
  totalHours: number;
  /** Oldest first. */
  entries: Pick<LogbookEntry, 'date' | 'hours' | 'activity'>[];
}

/** The logbook since a date, as any renderer (a page, a mail, the API) can show it: totals, then each author's entries. */
export interface LogbookSummary {
  /** Entries dated after this WIB date; absent: since the project started. */
  since?: string;
  entryCount: number;
  totalHours: number;
  /** The lead first, then the members by number. */
  authors: LogbookAuthorSummary[];
}

const authorOrder = (by: LogbookAuthor) => (by.role === 'lead' ? 0 : (by.member ?? 0));

/** The entries dated after `since` (see entriesSince), summed up and grouped by author. */
export function summarizeLogbook(entries: readonly LogbookEntry[], since?: string): LogbookSummary {
  const counted = entriesSince(entries, since);
  const byAuthor = new Map<string, LogbookAuthorSummary>();
  for (const entry of counted) {
    const key = entry.by.role === 'lead' ? 'lead' : `member-${entry.by.member}`;
    const author = byAuthor.get(key) ?? { by: entry.by, entryCount: 0, totalHours: 0, entries: [] };
    author.entryCount += 1;
    author.totalHours += entry.hours;
    author.entries.push({ date: entry.date, hours: entry.hours, activity: entry.activity });
    byAuthor.set(key, author);
  }
  const authors = [...byAuthor.values()].sort((a, b) => authorOrder(a.by) - authorOrder(b.by));
  return {
    ...(since === undefined ? {} : { since }),
    entryCount: counted.length,
    totalHours: counted.reduce((sum, entry) => sum + entry.hours, 0),
    authors,
  };
}

/** "1,5 jam" / "1.5 hours". */
export function hoursText(hours: number, lang: Language): string {
  const number = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 1 }).format(hours);
  return lang === 'id' ? `${number} jam` : `${number} hour${hours === 1 ? '' : 's'}`;
}

/** How many entries and hours, and since when: "3 catatan, 6,5 jam sejak 10 Mei 2027". */
export function summaryLine(summary: Pick<LogbookSummary, 'entryCount' | 'totalHours' | 'since'>, lang: Language): string {
  const count = say(lang, `${summary.entryCount} catatan`, `${summary.entryCount} entr${summary.entryCount === 1 ? 'y' : 'ies'}`);
  const since =
    summary.since === undefined
      ? say(lang, 'sejak proyek dimulai', 'since the project started')
      : say(lang, `sejak ${formatDate(summary.since, lang)}`, `since ${formatDate(summary.since, lang)}`);
  return `${count}, ${hoursText(summary.totalHours, lang)} ${since}`;
}

/** An author as the reviewers read them: "Dr. Sari Lestari (ketua peneliti)", "Dewi Anggraini (anggota 1)". */
function authorName(by: LogbookAuthor, lang: Language): string {
  const role = by.role === 'lead' ? say(lang, 'ketua peneliti', 'lead researcher') : say(lang, `anggota ${by.member}`, `member ${by.member}`);
  return `${by.name} (${role})`;
}

/**
 * The summary as facts for a mail's or a page's fact list (still unescaped: each renderer
 * escapes for its medium): the totals, then one fact per entry, by author, oldest first.
 */
export function logbookFacts(summary: LogbookSummary, lang: Language): Fact[] {
  return [
    { label: say(lang, 'Logbook', 'Logbook'), value: summaryLine(summary, lang) },
    ...summary.authors.flatMap((author) =>
      author.entries.map((entry) => ({
        label: `${authorName(author.by, lang)} — ${formatDate(entry.date, lang)} · ${hoursText(entry.hours, lang)}`,
        value: entry.activity,
        multiline: true,
      })),
    ),
  ];
}
