import * as z from 'zod/mini';
import type { Person } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import { jpCreditItems } from '../kernel/jp/jp-ledger.js';
import { logger } from '../kernel/logger.js';
import type { RenderedMail } from '../kernel/mail/mail.js';
import { expireStep, openStep, remindStep, stepToken } from '../kernel/steps/human-step.js';
import { type Attempt, StepConflict } from '../kernel/steps/step-link.js';
import { openTaskToken, sealTaskToken } from '../kernel/steps/task-token-seal.js';
import { hashToken } from '../kernel/steps/tokens.js';
import { todayInWib } from '../kernel/time.js';
import type { ResearchDeps } from './deps.js';
import { extensionDecidedEmail } from './extension-emails.js';
import { lastApprovalDate, summarizeLogbook } from './logbook.js';
import {
  milestoneApprovedEmail,
  milestoneEscalationEmail,
  milestoneNotAcceptedEmail,
  milestoneOverdueEmail,
  milestoneReminderEmail,
  projectCompletedEmail,
} from './milestone-emails.js';
import {
  type CoReviewOutcome,
  coReviewOutcome,
  escalateOverdueAt,
  opensAt,
  overdueFrom,
  type ReviewDecisions,
  reminderPlan,
  reviewers,
  roundLimitReached,
} from './milestone-rules.js';
import {
  coReviewStep,
  type ExtensionStepContext,
  extensionStep,
  MOOT,
  type ReviewContext,
  SETTLED,
  submissionLinkSeconds,
  submissionStepFor,
} from './milestone-steps.js';
import { coordinatorLevel, stepDeps, system } from './project-steps.js';
import { researchFailureNoticeEmail } from './research-emails.js';
import { executionName } from './research-links.js';
import type {
  ExtensionRecord,
  MilestoneRecord,
  MilestoneReview,
  MilestoneReviewer,
  ProjectEvent,
  ProjectWithTeam,
  ResearchStepLink,
} from './research-records.js';
import { milestoneSubject, projectSubject } from './research-repository.js';

/**
 * The tasks of one milestone's execution. The execution is a loop: `tick` does what is due at
 * the instant it wakes (opening, reminders, overdue, escalation: each once, by an event that
 * stands for it) and says when to wake next; `await` waits for that instant or for the lead's
 * submission, whichever comes first; then the two reviewers decide (`request` … `expire`,
 * `settle`), `conclude` ends the round, and a revision goes round the loop again. An
 * execution hands over to the next one before the year a Standard execution may last is up.
 */

const DAY_MS = 86_400_000;
/** An execution hands over to its next generation this long after it started, well within a year. */
export const HANDOVER_AFTER_MS = 330 * DAY_MS;
/** A reminder missed by more than this (the cycle was not running) is not sent late. */
const REMINDER_GRACE_MS = DAY_MS;

const projectId = z.string().check(z.minLength(1));
const milestone = z.int().check(z.gte(1));
const taskToken = z.string().check(z.minLength(1));
const seconds = z.int().check(z.gte(1));
const level = z.int().check(z.gte(1));
const instant = z.iso.datetime();
const decision = z.object({
  action: z.enum(['approve', 'reject', 'revise', 'settled']),
  comment: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  decidedBy: z.optional(z.object({ name: z.string(), email: z.string() })),
});
type Decision = z.output<typeof decision>;
/**
 * The decision levels of a milestone's execution: 1 the coordinator, 2 the co-reviewer, 3 the
 * coordinator deciding alone, 4 the coordinator deciding on an extension.
 */
const reviewFields = { projectId, milestone, level: level.check(z.lte(4)) };
const EXTENSION_LEVEL = 4;

/** Who reviews at a level of the milestone's execution. */
export function reviewerAt(level: number): { reviewer: MilestoneReviewer; sole?: boolean } {
  return level === 2 ? { reviewer: 'coReviewer' } : level === 3 ? { reviewer: 'coordinator', sole: true } : { reviewer: 'coordinator' };
}

export const MilestoneTask = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('tick'),
    projectId,
    milestone,
    generation: z.int().check(z.gte(1)),
    startedAt: instant,
    woke: z.enum(['start', 'timeout', 'news']),
    cursor: z.optional(z.nullable(instant)),
    wakeAt: z.optional(z.nullable(instant)),
    /** Keeping the milestone's time while the coordinator decides an extension (the Parallel's second branch). */
    beside: z.optional(z.literal('extension')),
  }),
  z.object({ action: z.literal('await'), projectId, milestone, taskToken, open: z.boolean(), beside: z.optional(z.literal('extension')) }),
  z.object({ action: z.literal('request'), ...reviewFields, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remind'), ...reviewFields, taskToken }),
  z.object({ action: z.literal('escalate'), ...reviewFields, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expire'), ...reviewFields }),
  z.object({ action: z.literal('settle'), ...reviewFields, decision }),
  z.object({ action: z.literal('conclude'), projectId, milestone }),
  z.object({ action: z.literal('concludeSole'), projectId, milestone, decision }),
  z.object({
    action: z.literal('applyExtension'),
    projectId,
    milestone,
    // A decision, or what the wait ended with: it ran out, or the milestone was sent first.
    decision: z.object({
      action: z.optional(z.string()),
      outcome: z.optional(z.string()),
      comment: z.optional(z.string()),
      decidedAt: z.optional(z.string()),
    }),
  }),
  z.object({ action: z.literal('handover'), projectId, milestone, generation: z.int().check(z.gte(1)), cursor: instant }),
  z.object({ action: z.literal('closeAfterFailure'), projectId, milestone }),
]);
export type MilestoneTask = z.output<typeof MilestoneTask>;

/**
 * What `tick` tells the execution: wait (until `wakeAt`, at most `waitSeconds`), review, ask
 * the coordinator about an extension, hand over, or end; beside an extension's decision, wait
 * or `resume` (the decision came, or the milestone was sent: the cycle plans on).
 */
export interface Tick {
  do: 'wait' | 'review' | 'extension' | 'handover' | 'end' | 'resume';
  /** The instant the tick acted at: the execution's own clock, carried from wake to wake. */
  cursor: string;
  wakeAt: string | null;
  waitSeconds?: number;
  /** Whether the wait opens the milestone (its submission link goes to the lead). */
  open?: boolean;
}

/** What the round's end tells the execution: end (decided), go round again (sent back), or let the coordinator decide alone. */
export interface Concluded {
  next: 'end' | 'loop' | 'sole';
}

interface Loaded {
  project: ProjectWithTeam;
  milestone: MilestoneRecord;
  /** Every milestone of the project, as read with it. */
  milestones: MilestoneRecord[];
}

async function load(task: { projectId: string; milestone: number }, deps: ResearchDeps): Promise<Loaded> {
  const whole = await deps.research.getProjectWhole(task.projectId);
  const found = whole?.milestones.find((m) => m.number === task.milestone);
  if (!whole || !found) throw new Error(`Project ${task.projectId} has no milestone ${task.milestone}`);
  return { project: whole.project, milestone: found, milestones: whole.milestones };
}

async function send(to: Pick<Person, 'email'>, mail: RenderedMail, deps: Pick<ResearchDeps, 'mailer'>): Promise<void> {
  await deps.mailer.send({ to: to.email, ...mail });
}

/** Runs one task of a milestone's execution. */
export async function runMilestoneTask(task: MilestoneTask, deps: ResearchDeps): Promise<Tick | Concluded | Record<string, unknown>> {
  const loaded = await load(task, deps);
  switch (task.action) {
    case 'tick':
      return tick(task, loaded, deps);
    case 'await':
      await awaitNews(loaded, task.taskToken, task.open, deps);
      // Beside an extension's decision: a decision written while this wait was being bound found no wait to wake.
      if (task.beside === 'extension' && loaded.milestone.status === 'OPEN' && !(await extensionPending(task, deps)))
        await deps.workflows.complete(task.taskToken, { action: 'moved' });
      return {};
    case 'request':
    case 'escalate': {
      const attempt: Attempt = task.action === 'request' ? 'primary' : 'backup';
      if (task.level === EXTENSION_LEVEL)
        await openStep(extensionStep, extensionContext(loaded, deps), attempt, task.taskToken, task.expiresInSeconds, stepDeps(deps));
      else
        await openStep(
          coReviewStep,
          await withLogbook(reviewContext(loaded, task, deps), loaded.milestones, deps),
          attempt,
          task.taskToken,
          task.expiresInSeconds,
          stepDeps(deps),
        );
      return {};
    }
    case 'remind':
      if (task.level === EXTENSION_LEVEL) await remindStep(extensionStep, extensionContext(loaded, deps), task.taskToken, stepDeps(deps));
      else await remindStep(coReviewStep, await withLogbook(reviewContext(loaded, task, deps), loaded.milestones, deps), task.taskToken, stepDeps(deps));
      return {};
    case 'expire': {
      const ended =
        task.level === EXTENSION_LEVEL
          ? await expireStep(extensionStep, extensionContext(loaded, deps), 'backup', stepDeps(deps))
          : await expireStep(coReviewStep, reviewContext(loaded, task, deps), 'backup', stepDeps(deps));
      if (ended.kind === 'used') return { outcome: 'decided', ...ended.link.outcome! };
      if (ended.kind === 'ended') return ended.answer;
      return { outcome: 'expired' };
    }
    case 'settle':
      await settle(loaded, reviewerAt(task.level).reviewer, deps);
      return {};
    case 'conclude':
      return conclude(loaded, deps);
    case 'concludeSole':
      return concludeSole(loaded, task.decision, deps);
    case 'applyExtension':
      await applyExtension(loaded, task.decision, deps);
      return {};
    case 'handover':
      await deps.milestones.start(executionName(task.projectId, task.milestone, task.generation + 1), {
        projectId: task.projectId,
        milestone: task.milestone,
        generation: task.generation + 1,
        cursor: task.cursor,
      });
      logger.info('milestone cycle handed over', { projectId: task.projectId, milestone: task.milestone, generation: task.generation + 1 });
      return {};
    case 'closeAfterFailure': {
      const coordinator = coordinatorLevel(deps.config).approver;
      await send(coordinator, researchFailureNoticeEmail({ project: loaded.project, language: coordinator.language ?? defaultLanguage }), deps);
      logger.error('milestone cycle stopped after a failure', { projectId: task.projectId, milestone: task.milestone });
      return {};
    }
  }
}

const reviewContext = (loaded: Loaded, task: { level: number } | { reviewer: MilestoneReviewer; sole?: boolean }, deps: ResearchDeps): ReviewContext => ({
  ...loaded,
  config: deps.config,
  ...('level' in task ? reviewerAt(task.level) : task),
});

/** The instants of a milestone's cycle, from its due date and the project's approval. */
export function milestoneSchedule(milestone: Pick<MilestoneRecord, 'dueDate' | 'number'>, approvedAt: string | undefined, openDaysBefore: number) {
  const opens = opensAt(milestone.dueDate, openDaysBefore, approvedAt);
  return {
    opens,
    reminders: reminderPlan(milestone.dueDate, opens),
    overdue: overdueFrom(milestone.dueDate),
    escalation: escalateOverdueAt(milestone.dueDate),
  };
}

/** The key of a mail about a milestone's due date: a new due date (an extension) has keys of its own. */
const dueKey = (milestone: MilestoneRecord, what: string) => `milestone-${milestone.number}:${milestone.dueDate}:${what}`;

/**
 * Does what is due at the instant the execution woke and says what comes next. The instant is
 * the execution's own (carried from wake to wake, so waits add up exactly), or now when news
 * woke it later than planned.
 */
async function tick(task: Extract<MilestoneTask, { action: 'tick' }>, loaded: Loaded, deps: ResearchDeps): Promise<Tick> {
  const { project, milestone } = loaded;
  const now = deps.clock.now().getTime();
  const planned = task.woke === 'timeout' && task.wakeAt ? Date.parse(task.wakeAt) : undefined;
  const carried = task.cursor ? Date.parse(task.cursor) : undefined;
  const cursorMs = planned ?? Math.max(carried ?? now, task.woke === 'news' ? now : (carried ?? now));
  const cursor = new Date(cursorMs).toISOString();
  // The execution reads `wakeAt` after every tick, so a tick that does not wait says so with null.
  if (project.status !== 'ACTIVE' || milestone.status === 'APPROVED' || milestone.status === 'NOT_ACCEPTED') return { do: 'end', cursor, wakeAt: null };
  if (task.beside === 'extension') {
    // Sent while the request waited: nothing is left to extend, so the coordinator's step ends as moot.
    if (milestone.status !== 'OPEN' && milestone.pendingExtension !== undefined) await mootExtension(loaded, deps);
    if (milestone.status !== 'OPEN' || milestone.pendingExtension === undefined) return { do: 'resume', cursor, wakeAt: null };
  } else if (milestone.status === 'SUBMITTED' || milestone.status === 'IN_REVIEW') return { do: 'review', cursor, wakeAt: null };
  else if (milestone.status === 'OPEN' && milestone.pendingExtension !== undefined)
    // The lead asked for a new due date: the coordinator decides it while the milestone's time goes on beside the decision.
    return { do: 'extension', cursor, wakeAt: null };
  const schedule = milestoneSchedule(milestone, project.approvedAt, deps.config.MILESTONE_OPEN_DAYS_BEFORE);
  const due = (at: string) => Date.parse(at) <= cursorMs;
  const sendable = milestone.status !== 'PLANNED';
  const url = sendable ? submissionUrl(project, milestone, deps) : undefined;
  const lead = project.data.lead;

  if (sendable && url) {
    const reminder = schedule.reminders.filter((r) => due(r.at) && cursorMs - Date.parse(r.at) < REMINDER_GRACE_MS).pop();
    if (reminder && milestone.status === 'OPEN')
      await deps.research.once(
        { ...milestoneEvent(milestone, dueKey(milestone, reminder.key), cursor), type: 'milestone-reminder', comment: reminder.key },
        () => send(lead, milestoneReminderEmail({ project, milestone, url, daysBefore: reminder.daysBefore }), deps),
      );
    if (due(schedule.overdue)) {
      await deps.research.markOverdue(project.id, milestone.number, schedule.overdue);
      const coordinator = coordinatorLevel(deps.config).approver;
      await deps.research.once({ ...milestoneEvent(milestone, dueKey(milestone, 'overdue'), cursor), type: 'milestone-overdue' }, async () => {
        await send(lead, milestoneOverdueEmail({ project, milestone, url, to: 'lead', language: project.data.language }), deps);
        await send(coordinator, milestoneOverdueEmail({ project, milestone, to: 'coordinator', language: coordinator.language ?? defaultLanguage }), deps);
      });
    }
    if (due(schedule.escalation)) {
      const head = deps.config.APPROVAL_CHAIN[1]?.approver ?? coordinatorLevel(deps.config).backup;
      await deps.research.once({ ...milestoneEvent(milestone, dueKey(milestone, 'escalation'), cursor), type: 'milestone-escalated' }, async () => {
        await send(
          head,
          milestoneEscalationEmail({ project, milestone, to: 'head', recipientName: head.name, language: head.language ?? defaultLanguage }),
          deps,
        );
        await send(
          project.partner,
          milestoneEscalationEmail({ project, milestone, to: 'partner', recipientName: project.partner.name, language: project.partner.language }),
          deps,
        );
      });
    }
  }

  const ahead = [
    ...(milestone.status === 'PLANNED' ? [schedule.opens] : []),
    // A milestone opening now is reminded from its first reminder on.
    ...(milestone.status === 'OPEN' || milestone.status === 'PLANNED' ? schedule.reminders.map((r) => r.at) : []),
    schedule.overdue,
    schedule.escalation,
  ]
    .map((at) => Date.parse(at))
    .filter((at) => at > cursorMs);
  const horizon = Date.parse(task.startedAt) + HANDOVER_AFTER_MS;
  // Beside an extension's decision the execution cannot hand over: it does once the decision is in.
  if (cursorMs >= horizon) return task.beside === 'extension' ? { do: 'resume', cursor, wakeAt: null } : { do: 'handover', cursor, wakeAt: null };
  const wake = Math.min(horizon, ...ahead);
  return {
    do: 'wait',
    cursor,
    wakeAt: new Date(wake).toISOString(),
    // From the later of the execution's instant and now: a wait woken early by news waits only the rest.
    waitSeconds: Math.max(1, Math.ceil((wake - Math.max(cursorMs, now)) / 1000)),
    open: milestone.status === 'PLANNED' && due(schedule.opens),
  };
}

const milestoneEvent = (milestone: MilestoneRecord, key: string, at: string) => ({
  subject: milestoneSubject(milestone.projectId, milestone.number),
  key,
  at,
  actor: system(),
  milestone: milestone.number,
  round: milestone.round,
});

function submissionUrl(project: ProjectWithTeam, milestone: MilestoneRecord, deps: ResearchDeps): string {
  const step = submissionStepFor(milestone);
  return step.url(
    { project, milestone, config: deps.config },
    stepToken(step, { project, milestone, config: deps.config }, 'primary', deps.config.LINK_SECRET),
  );
}

/**
 * Waits for the lead: opens the milestone when it is time (the link goes out), or the next
 * round's link after a revision request, or binds the open link to this wait; a milestone sent
 * meanwhile ends the wait at once.
 */
async function awaitNews({ project, milestone }: Loaded, taskToken: string, open: boolean, deps: ResearchDeps): Promise<void> {
  const moved = { action: 'moved' };
  if (milestone.status !== 'PLANNED' && milestone.status !== 'OPEN' && milestone.status !== 'REVISION_REQUESTED') {
    await deps.workflows.complete(taskToken, moved);
    return;
  }
  if (milestone.status === 'PLANNED' && !open) return;
  const context = { project, milestone, config: deps.config };
  const step = submissionStepFor(milestone);
  const token = stepToken(step, context, 'primary', deps.config.LINK_SECRET);
  const hash = hashToken(token);
  const link = milestone.status === 'PLANNED' ? undefined : await deps.research.getLink(hash);
  if (!link) {
    await openStep(step, context, 'primary', taskToken, submissionLinkSeconds(project, deps.clock.now()), stepDeps(deps));
    return;
  }
  try {
    if (link.kind !== 'step' || link.state !== 'PENDING') throw new StepConflict(link, milestone.status);
    await deps.research.bindWait(hash, sealTaskToken(taskToken, token), milestoneSubject(project.id, milestone.number));
  } catch (error) {
    if (!(error instanceof StepConflict)) throw error;
    // Sent at this very moment: the review comes next.
    await deps.workflows.complete(taskToken, moved);
  }
}

/** The links a reviewer may have in the current round: their own, and their backup's after an escalation. */
function reviewerLinks(loaded: Loaded, who: MilestoneReviewer, deps: ResearchDeps, sole = false) {
  const context = reviewContext(loaded, { reviewer: who, sole }, deps);
  return (['primary', 'backup'] as const).map((attempt) => {
    const token = stepToken(coReviewStep, context, attempt, deps.config.LINK_SECRET);
    return { token, hash: hashToken(token) };
  });
}

/**
 * After a reviewer's decision: under `any` it decided the round, so the other reviewer's open
 * link closes (it then says who decided) and their wait ends; under `all` nothing happens.
 */
async function settle(loaded: Loaded, decided: MilestoneReviewer, deps: ResearchDeps): Promise<void> {
  if (loaded.milestone.review !== 'any') return;
  const other: MilestoneReviewer = decided === 'coordinator' ? 'coReviewer' : 'coordinator';
  for (const { token, hash } of reviewerLinks(loaded, other, deps)) {
    const link = await deps.research.getLink(hash);
    if (link?.kind !== 'step' || link.state !== 'PENDING') continue;
    try {
      await deps.research.closeSettledLink(hash, link.subject, {
        ...milestoneEvent(loaded.milestone, `${(link as ResearchStepLink).stepId}:settled`, deps.clock.now().toISOString()),
        type: 'decided',
        step: 'co-review',
        comment: undefined,
      });
    } catch (error) {
      if (!(error instanceof StepConflict)) throw error;
      continue;
    }
    await deps.workflows.complete(openTaskToken(link.sealedTaskToken, token), SETTLED);
  }
}

/** What each reviewer decided in the current round, from their links (the backup's when the step was escalated). */
async function roundDecisions(loaded: Loaded, deps: ResearchDeps): Promise<{ decisions: ReviewDecisions; reviews: MilestoneReview[] }> {
  const decisions: ReviewDecisions = {};
  const reviews: MilestoneReview[] = [];
  const { round } = loaded.milestone;
  for (const who of reviewers) {
    const links = await Promise.all(reviewerLinks(loaded, who, deps).map(({ hash }) => deps.research.getLink(hash)));
    const used = links.find((l) => l?.kind === 'step' && l.state === 'USED' && l.outcome) as ResearchStepLink | undefined;
    const outcome = used?.outcome;
    if (outcome && (outcome.action === 'approve' || outcome.action === 'revise')) {
      decisions[who] = { action: outcome.action, comment: outcome.comment, at: outcome.decidedAt };
      reviews.push({ round, reviewer: who, action: outcome.action, comment: outcome.comment, at: outcome.decidedAt, by: { name: outcome.decidedBy.name } });
    } else if (links.some((l) => l?.kind === 'step' && l.state === 'EXPIRED')) {
      decisions[who] = 'expired';
      reviews.push({ round, reviewer: who, action: 'expired', at: deps.clock.now().toISOString() });
    }
  }
  return { decisions, reviews };
}

/** Ends a round of co-review: approved, sent back for the next round, or (rounds spent, or left open) to the coordinator alone. */
async function conclude(loaded: Loaded, deps: ResearchDeps): Promise<Concluded> {
  const { milestone } = loaded;
  if (milestone.status === 'APPROVED' || milestone.status === 'NOT_ACCEPTED') return { next: 'end' };
  if (milestone.status === 'REVISION_REQUESTED') return { next: 'loop' };
  const { decisions, reviews } = await roundDecisions(loaded, deps);
  const outcome: CoReviewOutcome = coReviewOutcome(milestone.review, decisions);
  if (outcome === 'approved') return approveMilestone(loaded, reviews, deps);
  const at = deps.clock.now().toISOString();
  if (outcome === 'revision' && !roundLimitReached(milestone.round + 1)) {
    await concludeOnce(
      loaded,
      {
        to: 'REVISION_REQUESTED',
        reviews,
        set: { round: milestone.round + 1 },
        event: {
          ...milestoneEvent(milestone, `milestone-${milestone.number}:r${milestone.round}:revision`, at),
          type: 'revision-requested',
          toStatus: 'REVISION_REQUESTED',
        },
      },
      deps,
    );
    // The next round's link goes to the lead, with both comments, when the cycle waits again.
    return { next: 'loop' };
  }
  // The coordinator decides alone: the round's decisions are kept, and the round is open again for that decision.
  await concludeOnce(
    loaded,
    {
      to: 'IN_REVIEW',
      reviews,
      event: { ...milestoneEvent(milestone, `milestone-${milestone.number}:r${milestone.round}:to-coordinator`, at), type: 'review-requested' },
    },
    deps,
  );
  return { next: 'sole' };
}

/** A conclusion written once: a retried task whose first attempt committed finds the milestone moved on and carries on. */
async function concludeOnce(
  { milestone }: Loaded,
  args: {
    to: 'APPROVED' | 'REVISION_REQUESTED' | 'NOT_ACCEPTED' | 'IN_REVIEW';
    reviews: MilestoneReview[];
    event: ProjectEvent;
    set?: Record<string, unknown>;
    with?: Parameters<ResearchDeps['research']['concludeRound']>[0]['with'];
  },
  deps: ResearchDeps,
): Promise<boolean> {
  try {
    await deps.research.concludeRound({ milestone, ...args, to: args.to as 'APPROVED' });
    return true;
  } catch (error) {
    if (error instanceof StepConflict && (error.status === args.to || (args.to === 'IN_REVIEW' && error.status === 'IN_REVIEW'))) return false;
    throw error;
  }
}

async function concludeSole(loaded: Loaded, decision: Decision, deps: ResearchDeps): Promise<Concluded> {
  const { milestone } = loaded;
  const at = decision.decidedAt ?? deps.clock.now().toISOString();
  const review: MilestoneReview = {
    round: milestone.round,
    reviewer: 'coordinator',
    sole: true,
    action: decision.action === 'approve' ? 'approve' : 'reject',
    comment: decision.comment,
    at,
    ...(decision.decidedBy ? { by: { name: decision.decidedBy.name } } : {}),
  };
  if (decision.action === 'approve') return approveMilestone(loaded, [review], deps);
  await concludeOnce(
    loaded,
    {
      to: 'NOT_ACCEPTED',
      reviews: [review],
      event: {
        ...milestoneEvent(milestone, `milestone-${milestone.number}:not-accepted`, at),
        type: 'milestone-not-accepted',
        toStatus: 'NOT_ACCEPTED',
        comment: decision.comment,
      },
    },
    deps,
  );
  await send(loaded.project.data.lead, milestoneNotAcceptedEmail({ project: loaded.project, milestone, comment: decision.comment }), deps);
  return { next: 'end' };
}

/**
 * A milestone approved. The final one completes the project: in the same transaction the
 * project is COMPLETED and every member who took part is credited their JP for the year, once.
 */
async function approveMilestone(loaded: Loaded, reviews: MilestoneReview[], deps: ResearchDeps): Promise<Concluded> {
  const { project, milestone } = loaded;
  const at = deps.clock.now().toISOString();
  const final = milestone.kind === 'final';
  const year = Number(todayInWib(new Date(at)).slice(0, 4));
  const team = project.members.filter((m) => m.consent === 'AGREED');
  const completion = final
    ? [
        ...deps.research.projectMoveItems(project.id, ['ACTIVE'], 'COMPLETED', {
          subject: projectSubject(project.id),
          key: 'completed',
          type: 'completed',
          at,
          actor: system(),
          fromStatus: 'ACTIVE',
          toStatus: 'COMPLETED',
        }),
        ...team.flatMap((m) =>
          jpCreditItems(deps.research.tableName, {
            nip: m.nip,
            name: m.name,
            unit: m.unit,
            employmentType: m.employmentType,
            year,
            hours: m.jpHours,
            source: 'research',
            sourceId: project.id,
            at,
          }),
        ),
      ]
    : [];
  const done = await concludeOnce(
    loaded,
    {
      to: 'APPROVED',
      reviews,
      set: { approvedAt: at },
      event: { ...milestoneEvent(milestone, `milestone-${milestone.number}:approved`, at), type: 'milestone-approved', toStatus: 'APPROVED' },
      with: completion,
    },
    deps,
  );
  const approved = { ...milestone, status: 'APPROVED' as const, reviews: [...milestone.reviews, ...(done ? reviews : [])] };
  await send(project.data.lead, milestoneApprovedEmail({ project, milestone: approved }), deps);
  if (final) {
    const completed = { ...project, status: 'COMPLETED' as const };
    for (const m of team)
      await send(
        m,
        projectCompletedEmail({
          project: completed,
          to: { name: m.name, email: m.email, language: defaultLanguage },
          role: 'member',
          jpHours: m.jpHours,
          year,
        }),
        deps,
      );
    await send(project.partner, projectCompletedEmail({ project: completed, to: project.partner, role: 'partner' }), deps);
    logger.info('research project completed', { projectId: project.id, credited: team.length, year });
  }
  return { next: 'end' };
}

/** The extension waiting for the coordinator's decision. */
function pendingExtensionOf(milestone: MilestoneRecord): ExtensionRecord | undefined {
  return milestone.pendingExtension === undefined ? undefined : milestone.extensions[milestone.pendingExtension - 1];
}

function extensionContext(loaded: Loaded, deps: ResearchDeps): ExtensionStepContext {
  // A retried step after the decision was applied still names the extension it was about: the last one.
  const extension = pendingExtensionOf(loaded.milestone) ?? loaded.milestone.extensions.at(-1);
  if (!extension) throw new Error(`Milestone ${loaded.milestone.number} of project ${loaded.project.id} has no extension to decide`);
  return { ...loaded, config: deps.config, extension };
}

/** Whether the milestone still waits for the coordinator's decision on an extension, read afresh. */
async function extensionPending(task: { projectId: string; milestone: number }, deps: ResearchDeps): Promise<boolean> {
  return (await load(task, deps)).milestone.pendingExtension !== undefined;
}

/** The milestone was sent while the coordinator's extension step waited: each open link of it (the backup's too) ends as moot. */
async function mootExtension(loaded: Loaded, deps: ResearchDeps): Promise<void> {
  const context = extensionContext(loaded, deps);
  for (const attempt of ['primary', 'backup'] as const) {
    const token = stepToken(extensionStep, context, attempt, deps.config.LINK_SECRET);
    const link = await deps.research.getLink(hashToken(token));
    if (link?.kind === 'step' && link.state === 'PENDING' && link.sealedTaskToken)
      await deps.workflows.complete(openTaskToken(link.sealedTaskToken, token), MOOT);
  }
}

/** Wakes the wait that keeps the milestone's time beside an extension's decision, through the lead's link it is bound to. */
async function wakeBesideExtension(loaded: Loaded, deps: ResearchDeps): Promise<void> {
  const step = submissionStepFor(loaded.milestone);
  const token = stepToken(step, { ...loaded, config: deps.config }, 'primary', deps.config.LINK_SECRET);
  const link = await deps.research.getLink(hashToken(token));
  // A wait already over (or one not bound yet, which reads the decision itself) has nothing to wake.
  if (link?.kind === 'step' && link.state === 'PENDING' && link.sealedTaskToken)
    await deps.workflows.complete(openTaskToken(link.sealedTaskToken, token), { action: 'extension-decided' });
}

/**
 * Keeps the coordinator's decision on an extension: an approval moves the due date (the next
 * plan follows the new date, and the calendar event its SEQUENCE); a refusal, a decision nobody
 * took, or a milestone sent meanwhile keeps it. The lead is told either way, once.
 */
async function applyExtension(
  loaded: Loaded,
  decision: { action?: string; outcome?: string; comment?: string; decidedAt?: string },
  deps: ResearchDeps,
): Promise<void> {
  const { project, milestone } = loaded;
  const extension = pendingExtensionOf(milestone);
  // Applied before (a retry): the wait beside the decision may still need waking.
  if (!extension) return wakeBesideExtension(loaded, deps);
  const at = decision.decidedAt ?? deps.clock.now().toISOString();
  const lang = project.data.language;
  const say = (id: string, en: string) => (lang === 'id' ? id : en);
  const why =
    decision.action === 'moot'
      ? say('Tahap sudah dikirim sebelum permintaan diputuskan.', 'The milestone was sent before the request was decided.')
      : decision.outcome === 'expired'
        ? say('Permintaan tidak diputuskan sebelum batas waktunya.', 'The request was not decided in time.')
        : decision.comment;
  const decide = (status: 'APPROVED' | 'REFUSED', comment?: string) =>
    deps.research.decideExtension({
      milestone,
      number: extension.number,
      status,
      decidedAt: at,
      comment,
      event: {
        ...milestoneEvent(milestone, `milestone-${milestone.number}:extension-${extension.number}:decided`, at),
        type: status === 'APPROVED' ? 'extension-approved' : 'extension-refused',
        step: 'extension',
        comment: comment ?? `${extension.previousDueDate} → ${extension.newDueDate}`,
      },
    });
  let status: 'APPROVED' | 'REFUSED' = decision.action === 'approve' ? 'APPROVED' : 'REFUSED';
  let comment = status === 'APPROVED' ? decision.comment : why;
  try {
    await decide(status, comment);
  } catch (error) {
    if (!(error instanceof StepConflict)) throw error;
    // Approved after the milestone was sent: nothing left to extend.
    status = 'REFUSED';
    comment = say('Tahap sudah dikirim sebelum permintaan diputuskan.', 'The milestone was sent before the request was decided.');
    await decide(status, comment);
  }
  const decided = { ...extension, status, decidedAt: at, ...(comment ? { comment } : {}) };
  const moved = status === 'APPROVED' ? { ...milestone, dueDate: extension.newDueDate } : milestone;
  await send(
    project.data.lead,
    extensionDecidedEmail({ project, milestone: moved, extension: decided, milestoneUrl: submissionUrl(project, moved, deps) }),
    deps,
  );
  logger.info('extension decided', { projectId: project.id, milestone: milestone.number, extension: extension.number, status });
  await wakeBesideExtension(loaded, deps);
}

/** A reviewer's mail carries the team's logbook since the last milestone approved before this one. */
async function withLogbook(context: ReviewContext, milestones: readonly MilestoneRecord[], deps: ResearchDeps): Promise<ReviewContext> {
  const before = milestones.filter((m) => m.number !== context.milestone.number);
  return { ...context, logbook: summarizeLogbook(await deps.research.logbook(context.project.id), lastApprovalDate(before)) };
}
