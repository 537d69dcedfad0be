import { type FieldIssue, ValidationError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { endOfDayWib, startOfDayWib } from '../kernel/time.js';
import { toFieldIssues } from '../kernel/validation.js';
import { ExtensionRequest } from './research.schema.js';

/**
 * The rules of a milestone's cycle: when it opens, when its lead is reminded, when it is
 * overdue and escalated, which extensions may be asked, how two reviewers' decisions combine,
 * and when revision rounds stop. All pure: dates and instants come in, none is read from a
 * clock. A due date is a calendar date in WIB (`YYYY-MM-DD`); an instant is an ISO string in
 * UTC, as records store them.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A milestone opens this many days before it is due unless the project says otherwise. */
export const DEFAULT_OPEN_DAYS_BEFORE = 30;

/** Reminders go out at the start of the city's working day, when the lead reads work mail, not at midnight. */
export const REMINDER_HOUR_WIB = 8;

/** The days before the due date on which the lead is reminded, the last on the due date itself. */
export const REMINDER_DAYS_BEFORE = [14, 7, 3, 1, 0] as const;

/** The head of agency and the partner's contact hear of an overdue milestone this many days after it became overdue. */
export const ESCALATE_OVERDUE_AFTER_DAYS = 7;

/** Rounds reviewed by both reviewers before the coordinator alone decides. */
export const MAX_CO_REVIEWED_ROUNDS = 3;

/** Milliseconds of 00:00 WIB on `isoDate`, refusing a date that does not exist (JavaScript would roll 30 February over to March). */
function startOfDay(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate)
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${isoDate}`);
  return Date.parse(startOfDayWib(isoDate));
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${iso}`);
  return ms;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * When a milestone opens and its lead gets the submission link: `openDaysBefore` days before
 * the due date, at 00:00 WIB so the whole of that day counts; or at the project's approval if
 * that is later, because nothing opens before the project is active. Without `approvedAt`
 * (a project not yet approved) it is the start of the window alone.
 */
export function opensAt(dueDate: string, openDaysBefore: number = DEFAULT_OPEN_DAYS_BEFORE, approvedAt?: string): string {
  if (!Number.isInteger(openDaysBefore) || openDaysBefore < 0) throw new RangeError(`openDaysBefore must be a whole number of days ≥ 0: ${openDaysBefore}`);
  const windowStart = startOfDay(dueDate) - openDaysBefore * DAY_MS;
  return iso(approvedAt === undefined ? windowStart : Math.max(windowStart, instant(approvedAt)));
}

/** The key of a reminder by its distance from the due date: `d-14` … `d-0`. */
export type ReminderKey = `d-${(typeof REMINDER_DAYS_BEFORE)[number]}`;

/** One reminder to send: its key, how many days before the due date, and when (08:00 WIB that day). */
export interface Reminder {
  key: ReminderKey;
  daysBefore: (typeof REMINDER_DAYS_BEFORE)[number];
  at: string;
}

/**
 * The reminders of a milestone, in time order: 14, 7, 3 and 1 days before its due date and on
 * the due date, each at 08:00 WIB (the start of the working day), keeping only those strictly
 * after it opens, since the opening mail already carries the link and a reminder of the past
 * would arrive late. The key names the reminder by its distance from the due date, not by its
 * position in the list, so it stays the same however early the milestone opens: a sender
 * records each key once per milestone and due date, and an approved extension, which moves the
 * due date, gets a plan of its own.
 */
export function reminderPlan(dueDate: string, opensAtInstant: string): Reminder[] {
  const due = startOfDay(dueDate);
  const opens = instant(opensAtInstant);
  return REMINDER_DAYS_BEFORE.map((daysBefore) => ({
    key: `d-${daysBefore}` as ReminderKey,
    daysBefore,
    at: due - daysBefore * DAY_MS + REMINDER_HOUR_WIB * HOUR_MS,
  }))
    .filter((reminder) => reminder.at > opens)
    .map((reminder) => ({ ...reminder, at: iso(reminder.at) }));
}

/**
 * When a milestone becomes overdue: 00:00 WIB the day after its due date. The whole due date
 * is the lead's, wherever the server's clock stands, so nobody is marked late on the day it is due.
 */
export function overdueFrom(dueDate: string): string {
  startOfDay(dueDate);
  return endOfDayWib(dueDate);
}

/** Whether a milestone due on `dueDate` is overdue at `now` (whether it has been submitted is the caller's to know). */
export function isOverdue(dueDate: string, now: Date): boolean {
  return now.getTime() >= Date.parse(overdueFrom(dueDate));
}

/** When the head of agency and the partner's contact are told of an overdue milestone: a week after it became overdue. */
export function escalateOverdueAt(dueDate: string): string {
  return iso(Date.parse(overdueFrom(dueDate)) + ESCALATE_OVERDUE_AFTER_DAYS * DAY_MS);
}

/** What an extension is judged against: today (WIB), the project's last day, and the milestone's and the next milestone's due dates. */
export interface ExtensionContext {
  today: string;
  projectEndDate: string;
  currentDueDate: string;
  /** Absent for the last milestone. */
  nextDueDate?: string;
}

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/**
 * Checks an extension request and returns it as it will be kept (trimmed). The new date lies
 * after today (a date already here gives the lead nothing) and after the current due date
 * (an extension gives more time), no later than the project's last day, and before the next
 * milestone's due date, so the milestones stay in order; a reason is required, because the
 * coordinator decides on it and the history keeps it. Throws a ValidationError naming every
 * problem at once, in the lead's language.
 */
export function checkExtension(request: unknown, context: ExtensionContext, lang: Language): ExtensionRequest {
  const parsed = ExtensionRequest.safeParse(request);
  const issues: FieldIssue[] = parsed.success ? [] : toFieldIssues(parsed.error.issues, lang, request);
  // The date is judged even when only the reason is wrong, so the lead sees every problem at once.
  const date = ExtensionRequest.shape.newDueDate.safeParse((request as { newDueDate?: unknown } | null)?.newDueDate);
  if (date.success) {
    const newDueDate = date.data;
    const problem = (id: string, en: string) => issues.push({ path: 'newDueDate', message: say(lang, id, en) });
    if (newDueDate <= context.today)
      problem(`Tenggat baru harus setelah hari ini (${context.today}).`, `The new due date must be after today (${context.today}).`);
    if (newDueDate <= context.currentDueDate)
      problem(
        `Tenggat baru harus setelah tenggat saat ini (${context.currentDueDate}).`,
        `The new due date must be after the current due date (${context.currentDueDate}).`,
      );
    if (newDueDate > context.projectEndDate)
      problem(
        `Tenggat baru tidak boleh setelah akhir proyek (${context.projectEndDate}).`,
        `The new due date cannot be after the project's end (${context.projectEndDate}).`,
      );
    if (context.nextDueDate !== undefined && newDueDate >= context.nextDueDate)
      problem(
        `Tenggat baru harus sebelum tenggat tahap berikutnya (${context.nextDueDate}).`,
        `The new due date must be before the next milestone's due date (${context.nextDueDate}).`,
      );
  }
  if (issues.length || !parsed.success) throw new ValidationError(issues, lang);
  return parsed.data;
}

/** The two people who review a milestone: the BKPSDM coordinator and the university's co-reviewer. */
export const reviewers = ['coordinator', 'coReviewer'] as const;
export type Reviewer = (typeof reviewers)[number];

/** A reviewer's decision, or `'expired'` when their step ran out without one. */
export type ReviewDecision = { action: 'approve' | 'revise'; comment?: string; at: string } | 'expired';

/** The decisions taken so far; a reviewer who has neither decided nor expired is absent. */
export type ReviewDecisions = Partial<Record<Reviewer, ReviewDecision>>;

export type CoReviewOutcome = 'pending' | 'approved' | 'revision';

type Decided = { reviewer: Reviewer; action: 'approve' | 'revise'; comment?: string; at: string };

/** The decisions actually taken, earliest first; at the same instant the coordinator's counts first, so the order never depends on who is listed first. */
function decidedInOrder(decisions: ReviewDecisions): Decided[] {
  return reviewers
    .flatMap((reviewer) => {
      const decision = decisions[reviewer];
      return decision === undefined || decision === 'expired' ? [] : [{ reviewer, ...decision }];
    })
    .sort((a, b) => instant(a.at) - instant(b.at));
}

/**
 * How the two reviewers' decisions combine.
 *
 * `all`: approved when both approve. A revision request sends the milestone back once the other
 * reviewer has decided too, or their step has expired, so the lead gets both comments at once
 * instead of a second revision after the first; until then it is pending. An approval beside
 * an expired step stays pending: with `all` silence is not approval, and the expired step is
 * for the workflow to re-issue or escalate.
 *
 * `any`: the first decision decides, whatever comes after it; an expired step decides nothing.
 */
export function coReviewOutcome(rule: 'all' | 'any', decisions: ReviewDecisions): CoReviewOutcome {
  if (rule === 'any') {
    const first = decidedInOrder(decisions)[0];
    return first === undefined ? 'pending' : first.action === 'approve' ? 'approved' : 'revision';
  }
  const { coordinator, coReviewer } = decisions;
  const acted = (decision: ReviewDecision | undefined): decision is Exclude<ReviewDecision, 'expired'> => decision !== undefined && decision !== 'expired';
  if (acted(coordinator) && acted(coReviewer) && coordinator.action === 'approve' && coReviewer.action === 'approve') return 'approved';
  const revises = (decision: ReviewDecision | undefined) => acted(decision) && decision.action === 'revise';
  const settled = (decision: ReviewDecision | undefined) => decision !== undefined;
  if ((revises(coordinator) && settled(coReviewer)) || (revises(coReviewer) && settled(coordinator))) return 'revision';
  return 'pending';
}

/**
 * The comments that go to the lead with an outcome, earliest first: with `all`, every comment
 * either reviewer gave; with `any`, the deciding decision's only, since later ones came after
 * the milestone was decided.
 */
export function reviewComments(rule: 'all' | 'any', decisions: ReviewDecisions): { reviewer: Reviewer; comment: string; at: string }[] {
  const decided = decidedInOrder(decisions);
  return (rule === 'any' ? decided.slice(0, 1) : decided).flatMap(({ reviewer, comment, at }) =>
    comment?.trim() ? [{ reviewer, comment: comment.trim(), at }] : [],
  );
}

/**
 * Whether the coordinator alone decides the submission of `round` (1 for the first submission,
 * one more for each resubmission): after three co-reviewed rounds, approve or close the
 * milestone as not accepted, so a milestone cannot go back and forth without end.
 */
export function roundLimitReached(round: number): boolean {
  return round > MAX_CO_REVIEWED_ROUNDS;
}
