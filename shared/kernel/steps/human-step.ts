import { randomBytes } from 'node:crypto';
import { logger } from '../logger.js';
import type { RenderedMail } from '../mail/mail.js';
import type { Mailer, Workflows } from '../ports.js';
import type { Clock } from '../time.js';
import { type Attempt, type Holder, isUsedStep, type LinkRecord, StepConflict, type StepLink, type Subject, usedStepLink } from './step-link.js';
import { sealTaskToken } from './task-token-seal.js';
import { hashToken, type Keyed, type LinkKeyring, type LinkPurpose, mintToken } from './tokens.js';

/**
 * One way every workflow asks a person to act, reminds them, escalates to a backup and lets
 * the step run out: the task side of a human step. A workflow declares each of its steps
 * (`HumanStep`) and its repository stores them (`StepStore`); the state machine's
 * waitForTaskToken tasks call `openStep`, `remindStep` and `expireStep` with the task token.
 * Tokens are minted again from the step, so a reminder re-sends the same link and a retried
 * task lands on the same link; the task token is stored sealed under the link's token. Every
 * write is one conditional transaction with its event.
 */

/** Where a workflow keeps its subjects, links and events: each call one conditional transaction. */
export interface StepStore<Event = unknown> {
  getLink(hash: string): Promise<LinkRecord | undefined>;
  /**
   * Opens (or, on a retried task, re-opens) a step link bound to a task token, moves its subject
   * to the status the step implies and records the event; `supersede` closes the link it
   * replaces in the same transaction. Throws StepConflict when the link was used or the subject moved on.
   */
  openStep(args: { link: StepLink; fromStatuses: string[]; toStatus: string; event: Event; supersede?: string }): Promise<void>;
  /** Binds a still-open link to a new task token, sealed (a reminder's wait), recording the event. */
  rebindStep(hash: string, sealedTaskToken: string, subject: Subject, event: Event): Promise<void>;
  /** Ends a link whose step ran out (PENDING → EXPIRED) and its subject with it. */
  expireStep(hash: string, subject: Subject, fromStatuses: string[], event: Event): Promise<void>;
}

/** What a step's transitions are called in the audit trail; the workflow words its own event. */
export type StepPhase = 'request' | 'escalation' | 'reminder' | 'expiry';

/** The parts of an audit event every step transition has; `HumanStep.event` makes the workflow's event of them. */
export interface StepEventBase {
  phase: StepPhase;
  /** Deterministic per transition, so a retried task writes the same event again, not a second one. */
  key: string;
  at: string;
  attempt: Attempt;
}

/** How a mail about a step reads: the first request, the same link again, or the backup's. */
export type StepMailKind = 'request' | 'reminder' | 'escalation';

/** A human step as its workflow declares it: who is asked, what they may do, what they are sent. */
export interface HumanStep<C, L extends StepLink = StepLink, E = unknown> {
  /** The step's name, kept on its link. */
  step: L['step'];
  /** What its tokens are minted for; each purpose has its own page route. */
  purpose: LinkPurpose;
  subject(context: C): Subject;
  /** The subject's record, whose key version the step's tokens are minted under. */
  keyed(context: C): Keyed;
  /** What the step's token is minted from, per attempt: the same id, the same link. */
  stepId(context: C, attempt: Attempt): string;
  holder(context: C, attempt: Attempt): Holder;
  actions(context: C): L['actions'];
  /** Fields of the workflow's own kept on the link (a review's level and round). */
  details?(context: C): Omit<L, keyof StepLink>;
  /** The statuses the subject may be in when the step opens for its first holder. */
  opensFrom(context: C): string[];
  /** The status the subject is in while the step waits. */
  statusWhileOpen: string;
  event(context: C, base: StepEventBase): E;
  mail(context: C, link: L, url: string, kind: StepMailKind): RenderedMail;
  /** The address of the step's page for a token. */
  url(context: C, token: string): string;
  /** What the wait is handed from a used link; the recorded outcome unless said otherwise. */
  answer?(link: L): Record<string, unknown>;
  /** Subject statuses that end the wait, with what it is handed (a withdrawn application). */
  endedBy?: Record<string, Record<string, unknown>>;
}

export interface HumanStepDeps<E = unknown> {
  store: StepStore<E>;
  workflows: Pick<Workflows, 'complete'>;
  mailer: Mailer;
  clock: Clock;
  config: { LINK_SECRET: LinkKeyring };
}

/** What a used link hands to the wait it was used for. */
export function answerOf<L extends StepLink>(step: { answer?(link: L): Record<string, unknown> }, link: L): Record<string, unknown> {
  return step.answer ? step.answer(link) : { ...link.outcome };
}

/** The token of a step's link: minted again from the step, never stored. */
export function stepToken<C>(step: Pick<HumanStep<C>, 'purpose' | 'stepId' | 'keyed'>, context: C, attempt: Attempt, secret: LinkKeyring): string {
  return mintToken(secret, step.keyed(context), step.purpose, step.stepId(context, attempt));
}

const stepHash = <C, L extends StepLink, E>(step: HumanStep<C, L, E>, context: C, attempt: Attempt, secret: LinkKeyring) =>
  hashToken(stepToken(step, context, attempt, secret));

const about = <C, L extends StepLink, E>(step: HumanStep<C, L, E>, context: C) => {
  const subject = step.subject(context);
  return { subject: subject.type, subjectId: subject.id, step: step.step };
};

/**
 * What to do when a step's write did not apply: a link used at the last moment hands its
 * outcome to this wait, and a subject ended meanwhile (withdrawn) ends the wait. Answers whether it was handled.
 */
async function carryOn<C, L extends StepLink, E>(step: HumanStep<C, L, E>, error: unknown, taskToken: string, deps: HumanStepDeps<E>): Promise<boolean> {
  const used = usedStepLink(error) as L | undefined;
  if (used) {
    await deps.workflows.complete(taskToken, answerOf(step, used));
    return true;
  }
  const ended = error instanceof StepConflict && error.status !== undefined ? step.endedBy?.[error.status] : undefined;
  if (ended) {
    await deps.workflows.complete(taskToken, ended);
    return true;
  }
  return false;
}

const isSuperseded = (error: unknown) => error instanceof StepConflict && error.link?.kind === 'step' && error.link.state === 'SUPERSEDED';

/**
 * Opens a step's link for its primary holder (or, on escalation, its backup, superseding the
 * primary's link) and mails it. A retried task lands on the same link; a primary link used
 * just before the escalation hands its outcome on instead.
 */
export async function openStep<C, L extends StepLink, E>(
  step: HumanStep<C, L, E>,
  context: C,
  attempt: Attempt,
  taskToken: string,
  expiresInSeconds: number,
  deps: HumanStepDeps<E>,
): Promise<void> {
  const secret = deps.config.LINK_SECRET;
  const now = deps.clock.now();
  const token = stepToken(step, context, attempt, secret);
  const link = {
    kind: 'step',
    hash: hashToken(token),
    subject: step.subject(context),
    createdAt: now.toISOString(),
    step: step.step,
    stepId: step.stepId(context, attempt),
    attempt,
    state: 'PENDING',
    sealedTaskToken: sealTaskToken(taskToken, token),
    pageSecret: randomBytes(32).toString('base64url'),
    expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
    holder: step.holder(context, attempt),
    actions: step.actions(context),
    ...step.details?.(context),
  } as L;
  const primaryHash = stepHash(step, context, 'primary', secret);
  const readPrimary = () => (attempt === 'backup' ? deps.store.getLink(primaryHash) : Promise.resolve(undefined));
  const primary = await readPrimary();
  if (isUsedStep(primary)) {
    await deps.workflows.complete(taskToken, answerOf(step, primary as L));
    return;
  }
  try {
    await deps.store.openStep({
      link,
      fromStatuses: attempt === 'primary' ? step.opensFrom(context) : [step.statusWhileOpen],
      toStatus: step.statusWhileOpen,
      // A retried escalation finds the primary link superseded already.
      supersede: primary?.kind === 'step' && primary.state === 'PENDING' ? primaryHash : undefined,
      event: step.event(context, {
        phase: attempt === 'primary' ? 'request' : 'escalation',
        key: `${link.stepId}:${attempt === 'primary' ? 'requested' : 'escalated'}`,
        at: now.toISOString(),
        attempt,
      }),
    });
  } catch (error) {
    // On escalation the primary link may have been used at the last moment; on a retried
    // task this very link may have been used already.
    const late = await readPrimary();
    if (isUsedStep(late)) {
      await deps.workflows.complete(taskToken, answerOf(step, late as L));
      return;
    }
    if (await carryOn(step, error, taskToken, deps)) return;
    // A replayed workflow asking again at a step escalated before: the backup's link is the open one.
    if (attempt === 'primary' && isSuperseded(error)) return remindStep(step, context, taskToken, deps, 'backup');
    throw error;
  }
  await deps.mailer.send({ to: link.holder.email, ...step.mail(context, link, step.url(context, token), attempt === 'primary' ? 'request' : 'escalation') });
  logger.info(attempt === 'primary' ? 'step requested' : 'step escalated', about(step, context));
}

/**
 * Sends the same link again and binds it to the reminder's wait. When the primary link was
 * superseded (the step was escalated before: a replayed workflow), it is the backup's link that
 * is still open, so that one is re-sent instead.
 */
export async function remindStep<C, L extends StepLink, E>(
  step: HumanStep<C, L, E>,
  context: C,
  taskToken: string,
  deps: HumanStepDeps<E>,
  attempt: Attempt = 'primary',
): Promise<void> {
  const token = stepToken(step, context, attempt, deps.config.LINK_SECRET);
  const hash = hashToken(token);
  try {
    await deps.store.rebindStep(
      hash,
      sealTaskToken(taskToken, token),
      step.subject(context),
      step.event(context, { phase: 'reminder', key: `${step.stepId(context, attempt)}:reminder`, at: deps.clock.now().toISOString(), attempt }),
    );
  } catch (error) {
    if (await carryOn(step, error, taskToken, deps)) return;
    if (attempt === 'primary' && isSuperseded(error)) return remindStep(step, context, taskToken, deps, 'backup');
    throw error;
  }
  const link = await deps.store.getLink(hash);
  if (link?.kind !== 'step') throw new Error('The step link vanished');
  await deps.mailer.send({ to: link.holder.email, ...step.mail(context, link as L, step.url(context, token), 'reminder') });
  logger.info('step reminder sent', about(step, context));
}

/** How a step's last wait ended: it ran out (tell people), a person acted just in time, or its subject ended. */
export type StepExpiry<L extends StepLink> = { kind: 'expired' } | { kind: 'used'; link: L } | { kind: 'ended'; answer: Record<string, unknown> };

/**
 * Nobody acted, not even the backup: the step's last link and its subject end EXPIRED, unless
 * a person acted just in time or the subject ended meanwhile. A retried task whose first
 * attempt committed answers `expired` again, so the mail its first attempt could not send goes now.
 */
export async function expireStep<C, L extends StepLink, E>(
  step: HumanStep<C, L, E>,
  context: C,
  lastAttempt: Attempt,
  deps: HumanStepDeps<E>,
): Promise<StepExpiry<L>> {
  const subject = step.subject(context);
  try {
    await deps.store.expireStep(
      stepHash(step, context, lastAttempt, deps.config.LINK_SECRET),
      subject,
      [step.statusWhileOpen],
      step.event(context, { phase: 'expiry', key: `${step.stepId(context, lastAttempt)}:expired`, at: deps.clock.now().toISOString(), attempt: lastAttempt }),
    );
  } catch (error) {
    if (!(error instanceof StepConflict)) throw error;
    const used = usedStepLink(error);
    if (used) return { kind: 'used', link: used as L };
    const ended = error.status !== undefined ? step.endedBy?.[error.status] : undefined;
    if (ended) return { kind: 'ended', answer: ended };
    if (error.status !== 'EXPIRED') throw error;
  }
  logger.info('step expired', about(step, context));
  return { kind: 'expired' };
}
