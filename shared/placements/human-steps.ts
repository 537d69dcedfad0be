import type { Person } from '../kernel/config.js';
import type { Language } from '../kernel/i18n.js';
import { expireStep, type HumanStep, type HumanStepDeps, openStep, remindStep } from '../kernel/steps/human-step.js';
import type { Attempt, Subject } from '../kernel/steps/step-link.js';
import { decideUrl } from '../kernel/steps/step-links.js';
import { type Keyed, type LinkKeyring, mintToken } from '../kernel/steps/tokens.js';
import { type PlacementDeps, placementUrls } from './deps.js';
import { type StepAction, type StepName, statusWhileOpen } from './placement.schema.js';
import { stepRequestEmail } from './placement-emails.js';
import type { PlacementOutcome, PlacementStepLink, SubjectEvent } from './placement-records.js';
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
export type StepAnswer = PlacementOutcome | { action: 'withdrawn' } | { outcome: 'expired' };

const WITHDRAWN = { action: 'withdrawn' } as const;

export const stepId = (subject: Subject, step: StepName, attempt: Attempt) => `${subject.type}:${subject.id}:${step}:${attempt}`;

/** The token of a step's link: minted again from the step (under its subject's key version), never stored. */
export function stepToken(secret: LinkKeyring, record: Keyed, subject: Subject, step: StepName, attempt: Attempt): string {
  return mintToken(secret, record, step === 'report' ? 'report' : 'decision', stepId(subject, step, attempt));
}

const system = (): SubjectEvent['actor'] => ({ role: 'system' });

/**
 * A placement step as the kernel's step mechanism sees it: the plan says who holds it and
 * what they may do; reports live under `/reports/`, every decision under `/decide/`.
 */
function declared(
  plan: Pick<StepPlan, 'step'> & Partial<StepPlan>,
  deps: Pick<PlacementDeps, 'config'>,
): HumanStep<StepView['subject'], PlacementStepLink, SubjectEvent> {
  const { step } = plan;
  const status = statusWhileOpen[step];
  return {
    step,
    purpose: step === 'report' ? 'report' : 'decision',
    subject: subjectOf,
    keyed: (context) => (context.type === 'application' ? context.application : context.placement),
    stepId: (context, attempt) => stepId(subjectOf(context), step, attempt),
    holder: (_, attempt) => (attempt === 'primary' ? plan.primary! : plan.backup!),
    actions: () => plan.actions!,
    opensFrom: () => plan.opensFrom!,
    statusWhileOpen: status,
    event: (context, { phase, key, at, attempt }) => {
      const subject = subjectOf(context);
      switch (phase) {
        case 'request':
        case 'escalation':
          return {
            subject,
            key,
            type: step === 'report' ? 'report-requested' : attempt === 'primary' ? 'review-requested' : 'escalated',
            at,
            actor: system(),
            toStatus: status,
            step,
          };
        case 'reminder':
          return { subject, key, type: 'reminder-sent', at, actor: system(), step };
        case 'expiry':
          return { subject, key, type: 'expired', at, actor: system(), fromStatus: status, toStatus: 'EXPIRED', step };
      }
    },
    mail: (context, link, url, kind) => stepRequestEmail({ link, subject: context, url, kind }),
    url: (_, token) => (step === 'report' ? placementUrls.report(deps.config, token) : decideUrl(deps.config, token)),
    endedBy: { WITHDRAWN },
  };
}

const stepDeps = (deps: PlacementDeps): HumanStepDeps<SubjectEvent> => ({ ...deps, store: deps.placements, workflows: deps.workflows.applications });

/**
 * Opens a step's link for its primary holder (or, on escalation, its backup, superseding the
 * primary's link) and mails it (see the kernel's openStep).
 */
export function openHumanStep(
  context: StepView['subject'],
  plan: StepPlan,
  attempt: Attempt,
  taskToken: string,
  expiresInSeconds: number,
  deps: PlacementDeps,
): Promise<void> {
  return openStep(declared(plan, deps), context, attempt, taskToken, expiresInSeconds, stepDeps(deps));
}

/** Sends the same link again and binds it to the reminder's wait. */
export function remindHumanStep(context: StepView['subject'], plan: StepPlan, taskToken: string, deps: PlacementDeps): Promise<void> {
  return remindStep(declared(plan, deps), context, taskToken, stepDeps(deps));
}

/**
 * Nobody acted, not even the backup: the step's last link and its subject end EXPIRED, unless
 * a person acted just in time (their outcome is answered) or the subject was withdrawn.
 * Answers whether the caller should now tell people it expired (`first`) or not.
 */
export async function expireHumanStep(
  context: StepView['subject'],
  plan: Pick<StepPlan, 'step'>,
  lastAttempt: Attempt,
  deps: PlacementDeps,
): Promise<{ answer: StepAnswer; tell: boolean }> {
  const ended = await expireStep(declared(plan, deps), context, lastAttempt, stepDeps(deps));
  if (ended.kind === 'used') return { answer: { ...ended.link.outcome! }, tell: false };
  if (ended.kind === 'ended') return { answer: WITHDRAWN, tell: false };
  return { answer: { outcome: 'expired' }, tell: true };
}

export function subjectOf(context: StepView['subject']): Subject {
  return context.type === 'application' ? { type: 'application', id: context.application.id } : { type: 'placement', id: context.placement.id };
}
