import { randomBytes } from 'node:crypto';
import type { Person } from '../kernel/config.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import type { StepLink, StepOutcome, Subject, SubjectEvent } from '../kernel/store/records.js';
import { urls } from '../proposals/deps.js';
import { type PlacementDeps, placementUrls } from './deps.js';
import { type StepAction, type StepName, statusWhileOpen } from './placement.schema.js';
import { stepRequestEmail } from './placement-emails.js';
import { SubjectConflict } from './placement-repository.js';
import type { StepView } from './views.js';

/** Who acts at a human step of a placement workflow, and how. */
export interface StepPlan {
  step: StepName;
  /** The statuses the subject may be in when the step opens for its first holder. */
  opensFrom: string[];
  primary: Person & { language: Language };
  /** Who is asked when the primary holder does not act in time. */
  backup: Person & { language: Language };
  actions: StepAction[];
}

/** What a step's wait receives: a recorded outcome, the subject's withdrawal, or (from expire) nothing in time. */
export type StepAnswer = StepOutcome | { action: 'withdrawn' } | { outcome: 'expired' };

const WITHDRAWN = { action: 'withdrawn' } as const;

export const stepId = (subject: Subject, step: StepName, attempt: 'primary' | 'backup') => `${subject.type}:${subject.id}:${step}:${attempt}`;
const purposeOf = (step: StepName) => (step === 'report' ? 'report' : 'decision');

/** The token of a step's link: minted again from the step, never stored. */
export function stepToken(secret: string, subject: Subject, step: StepName, attempt: 'primary' | 'backup'): string {
  return mintToken(secret, purposeOf(step), stepId(subject, step, attempt));
}

const linkUrl = (deps: PlacementDeps, step: StepName, token: string) =>
  step === 'report' ? placementUrls.report(deps.config, token) : urls.decide(deps.config, token);

function system(): SubjectEvent['actor'] {
  return { role: 'system' };
}

/**
 * What to do when a step's write did not apply: a link used at the last moment hands its
 * outcome to this wait, and a withdrawn subject ends the wait. Answers whether it was handled.
 */
async function carryOn(error: unknown, taskToken: string, deps: PlacementDeps): Promise<boolean> {
  if (!(error instanceof SubjectConflict)) return false;
  const link = error.link;
  if (link?.kind === 'step' && link.state === 'USED' && link.outcome) {
    await deps.workflows.applications.complete(taskToken, { ...link.outcome });
    return true;
  }
  if (error.status === 'WITHDRAWN') {
    await deps.workflows.applications.complete(taskToken, WITHDRAWN);
    return true;
  }
  return false;
}

const isSuperseded = (error: unknown) => error instanceof SubjectConflict && error.link?.kind === 'step' && error.link.state === 'SUPERSEDED';

/**
 * Opens a step's link for its primary holder (or, on escalation, its backup, superseding the
 * primary's link) and mails it. A retried task lands on the same link; a primary link used
 * just before the escalation hands its outcome on instead.
 */
export async function openHumanStep(
  context: StepView['subject'],
  plan: StepPlan,
  attempt: 'primary' | 'backup',
  taskToken: string,
  expiresInSeconds: number,
  deps: PlacementDeps,
): Promise<void> {
  const subject = subjectOf(context);
  const secret = deps.config.LINK_SECRET;
  const now = deps.clock.now();
  const holder = attempt === 'primary' ? plan.primary : plan.backup;
  const token = stepToken(secret, subject, plan.step, attempt);
  const link: StepLink = {
    kind: 'step',
    hash: hashToken(token),
    subject,
    createdAt: now.toISOString(),
    step: plan.step,
    stepId: stepId(subject, plan.step, attempt),
    attempt,
    state: 'PENDING',
    taskToken,
    pageSecret: randomBytes(32).toString('base64url'),
    expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
    holder,
    actions: plan.actions,
  };
  const primaryHash = hashToken(stepToken(secret, subject, plan.step, 'primary'));
  const primary = attempt === 'backup' ? await deps.placements.getLink(primaryHash) : undefined;
  if (primary?.kind === 'step' && primary.state === 'USED' && primary.outcome) {
    await deps.workflows.applications.complete(taskToken, { ...primary.outcome });
    return;
  }
  const status = statusWhileOpen[plan.step];
  try {
    await deps.placements.openStep({
      link,
      fromStatuses: attempt === 'primary' ? plan.opensFrom : [status],
      toStatus: status,
      supersede: primary?.kind === 'step' && primary.state === 'PENDING' ? primaryHash : undefined,
      event: {
        subject,
        key: `${link.stepId}:${attempt === 'primary' ? 'requested' : 'escalated'}`,
        type: plan.step === 'report' ? 'report-requested' : attempt === 'primary' ? 'review-requested' : 'escalated',
        at: now.toISOString(),
        actor: system(),
        toStatus: status,
        step: plan.step,
      },
    });
  } catch (error) {
    if (attempt === 'backup') {
      const late = await deps.placements.getLink(primaryHash);
      if (late?.kind === 'step' && late.state === 'USED' && late.outcome) {
        await deps.workflows.applications.complete(taskToken, { ...late.outcome });
        return;
      }
    }
    if (await carryOn(error, taskToken, deps)) return;
    // A replayed workflow asking again at a step escalated before: the backup's link is the open one.
    if (attempt === 'primary' && isSuperseded(error)) return remindHumanStep(context, plan, taskToken, deps, 'backup');
    throw error;
  }
  await deps.mailer.send({
    to: holder.email,
    ...stepRequestEmail({ link, subject: context, url: linkUrl(deps, plan.step, token), kind: attempt === 'primary' ? 'request' : 'escalation' }),
  });
  logger.info(attempt === 'primary' ? 'step requested' : 'step escalated', { subject: subject.type, subjectId: subject.id, step: plan.step });
}

/** Sends the same link again and binds it to the reminder's wait. */
export async function remindHumanStep(
  context: StepView['subject'],
  plan: StepPlan,
  taskToken: string,
  deps: PlacementDeps,
  attempt: 'primary' | 'backup' = 'primary',
): Promise<void> {
  const subject = subjectOf(context);
  const token = stepToken(deps.config.LINK_SECRET, subject, plan.step, attempt);
  const hash = hashToken(token);
  try {
    await deps.placements.rebindStep(hash, taskToken, {
      subject,
      key: `${stepId(subject, plan.step, attempt)}:reminder`,
      type: 'reminder-sent',
      at: deps.clock.now().toISOString(),
      actor: system(),
      step: plan.step,
    });
  } catch (error) {
    if (await carryOn(error, taskToken, deps)) return;
    if (attempt === 'primary' && isSuperseded(error)) return remindHumanStep(context, plan, taskToken, deps, 'backup');
    throw error;
  }
  const link = await deps.placements.getLink(hash);
  if (link?.kind !== 'step') throw new Error('The step link vanished');
  await deps.mailer.send({ to: link.holder.email, ...stepRequestEmail({ link, subject: context, url: linkUrl(deps, plan.step, token), kind: 'reminder' }) });
  logger.info('step reminder sent', { subject: subject.type, subjectId: subject.id, step: plan.step });
}

/**
 * Nobody acted, not even the backup: the step's last link and its subject end EXPIRED, unless
 * a person acted just in time (their outcome is answered) or the subject was withdrawn.
 * Answers whether the caller should now tell people it expired (`first`) or not.
 */
export async function expireHumanStep(
  context: StepView['subject'],
  plan: Pick<StepPlan, 'step'>,
  lastAttempt: 'primary' | 'backup',
  deps: PlacementDeps,
): Promise<{ answer: StepAnswer; tell: boolean }> {
  const subject = subjectOf(context);
  const id = stepId(subject, plan.step, lastAttempt);
  const hash = hashToken(stepToken(deps.config.LINK_SECRET, subject, plan.step, lastAttempt));
  try {
    await deps.placements.expireStep(hash, subject, [statusWhileOpen[plan.step]], {
      subject,
      key: `${id}:expired`,
      type: 'expired',
      at: deps.clock.now().toISOString(),
      actor: system(),
      fromStatus: statusWhileOpen[plan.step],
      toStatus: 'EXPIRED',
      step: plan.step,
    });
  } catch (error) {
    if (!(error instanceof SubjectConflict)) throw error;
    const link = error.link;
    if (link?.kind === 'step' && link.state === 'USED' && link.outcome) return { answer: { ...link.outcome }, tell: false };
    if (error.status === 'WITHDRAWN') return { answer: WITHDRAWN, tell: false };
    // A retried task whose first attempt committed but could not send the email: send it now.
    if (error.status !== 'EXPIRED') throw error;
  }
  logger.info('step expired', { subject: subject.type, subjectId: subject.id, step: plan.step });
  return { answer: { outcome: 'expired' }, tell: true };
}

export function subjectOf(context: StepView['subject']): Subject {
  return context.type === 'application' ? { type: 'application', id: context.application.id } : { type: 'placement', id: context.placement.id };
}
