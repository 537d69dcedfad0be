import type { Language } from '../kernel/i18n.js';
import { formatDate } from '../kernel/time.js';
import type { MilestoneStatus } from './research.schema.js';
import { milestoneKindLabels } from './research.schema.js';
import { milestoneStatusLabels, overdueLabel } from './research-labels.js';
import type { MilestoneView } from './views.js';

/**
 * A project's milestones as an iCalendar feed (RFC 5545), served at
 * `/projects/{token}/calendar.ics` for a member's calendar to subscribe to: one all-day event on
 * each due date, with a reminder the day before. A due date is a WIB calendar date, and an
 * all-day event is one too, so no time zone is written.
 */

/** The domain of every event's UID: UIDs must be unique across calendars, not only within this one. */
const UID_DOMAIN = 'sinergi.bkpsdm.surakarta.go.id';

/** RFC 5545 §3.1: a content line is at most 75 octets, without its CRLF. */
const MAX_LINE_OCTETS = 75;

/** RFC 5545 §3.1: content lines end with CRLF, the last one too. */
const CRLF = '\r\n';

/**
 * The milestones whose lead still owes a delivery: only these carry the reminder, because
 * "due tomorrow" is wrong for a milestone submitted, decided or closed. A subscribed calendar
 * re-reads the whole feed, so the reminder goes when the status moves on.
 */
export const statusesWithReminder: readonly MilestoneStatus[] = ['PLANNED', 'OPEN', 'REVISION_REQUESTED'];

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

const encoder = new TextEncoder();

/**
 * A TEXT value (§3.3.11): backslash, semicolon and comma escaped, every line break written as
 * `\n`, and the control characters the grammar does not allow (all but tab) left out.
 */
export function icalText(value: string): string {
  return Array.from(value.replace(/\r\n?/g, '\n'))
    .filter((c) => c === '\t' || c === '\n' || (c >= ' ' && c !== '\u007f'))
    .join('')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * Folds a content line (§3.1) into physical lines of at most 75 octets of UTF-8, each after the
 * first starting with one space. It breaks between characters, never inside one's bytes, and
 * keeps an escape such as `\n` on one line, for parsers that unfold less carefully than they should.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const unit of line.match(/\\[\s\S]|[\s\S]/gu) ?? []) {
    const size = encoder.encode(unit).length;
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += unit;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** Milliseconds of 00:00 UTC on a calendar date, refusing one that does not exist (JavaScript would roll 30 February over). */
function dayOf(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate)
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${isoDate}`);
  return ms;
}

/** A DATE value (§3.3.4): `2027-03-01` → `20270301`. */
const icalDate = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/** A DATE-TIME in UTC (§3.3.5): `20270301T030405Z`. */
const icalUtc = (instant: Date) =>
  instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

/** The event's identity: the same project and milestone number give the same UID, so an update replaces the event instead of adding one. */
export const milestoneUid = (projectId: string, number: number) => `project-${projectId}-milestone-${number}@${UID_DOMAIN}`;

/** How many times the due date was moved: each approved extension is a new version of the event (§3.8.7.4). */
export const milestoneSequence = (milestone: Pick<MilestoneView, 'extensions'>) => milestone.extensions.filter((e) => e.status === 'APPROVED').length;

export interface ProjectCalendarInput {
  projectId: string;
  title: string;
  institution: string;
  /** The member's project page, linked from every event. */
  projectUrl: string;
  milestones: MilestoneView[];
  lang: Language;
  /** When the feed is made: every event's DTSTAMP. */
  now: Date;
}

function eventDescription(milestone: MilestoneView, input: ProjectCalendarInput, url: string): string {
  const { lang } = input;
  const status = [milestoneStatusLabels[milestone.status][lang], milestone.overdue && overdueLabel[lang]].filter(Boolean).join(' — ');
  const moved = milestone.extensions
    .filter((e) => e.status === 'APPROVED')
    .map((e) =>
      say(
        lang,
        `Tenggat diperpanjang dari ${formatDate(e.previousDueDate, lang)} ke ${formatDate(e.newDueDate, lang)}`,
        `Due date extended from ${formatDate(e.previousDueDate, lang)} to ${formatDate(e.newDueDate, lang)}`,
      ),
    );
  return [
    `${say(lang, 'Tahap', 'Milestone')} ${milestone.number}: ${milestoneKindLabels[milestone.kind][lang]}`,
    `${say(lang, 'Status', 'Status')}: ${status}`,
    ...moved,
    `${say(lang, 'Proyek', 'Project')}: ${input.title} — ${input.institution}`,
    url,
  ].join('\n');
}

function milestoneEvent(milestone: MilestoneView, input: ProjectCalendarInput, url: string, stamp: string): string[] {
  const { lang } = input;
  const due = dayOf(milestone.dueDate);
  const alarm = statusesWithReminder.includes(milestone.status)
    ? [
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-P1D',
        `DESCRIPTION:${icalText(`${say(lang, 'Besok tenggat', 'Due tomorrow')}: ${milestone.title}`)}`,
        'END:VALARM',
      ]
    : [];
  return [
    'BEGIN:VEVENT',
    `UID:${icalText(milestoneUid(input.projectId, milestone.number))}`,
    `SEQUENCE:${milestoneSequence(milestone)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icalDate(due)}`,
    `DTEND;VALUE=DATE:${icalDate(due + 86_400_000)}`,
    `SUMMARY:${icalText(`${say(lang, 'Tenggat', 'Due')}: ${milestone.title}`)}`,
    `DESCRIPTION:${icalText(eventDescription(milestone, input, url))}`,
    `URL:${url}`,
    // A due date is a deadline, not an appointment: it does not make the member busy.
    'TRANSP:TRANSPARENT',
    ...alarm,
    'END:VEVENT',
  ];
}

/**
 * The feed of one project, in the member's language: the calendar named after the project and
 * re-read daily, and one event per milestone. The same project and milestone keep the same
 * UID, and an approved extension raises the event's SEQUENCE, so calendars move the event
 * instead of adding a second one.
 */
export function projectCalendar(input: ProjectCalendarInput): string {
  const { lang } = input;
  // A URI value is not TEXT and has no escapes: the URL parser percent-encodes what a URI may not hold, and refuses what is not one.
  const url = new URL(input.projectUrl).href;
  const stamp = icalUtc(input.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//BKPSDM Kota Surakarta//Sinergi//${lang.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${icalText(input.title)}`,
    `X-WR-CALNAME:${icalText(input.title)}`,
    `X-WR-CALDESC:${icalText(`${say(lang, 'Tenggat tahap penelitian', 'Research milestone due dates')} — ${input.institution}`)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:P1D',
    'X-PUBLISHED-TTL:P1D',
    ...input.milestones.flatMap((milestone) => milestoneEvent(milestone, input, url, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map((line) => foldLine(line) + CRLF).join('');
}
