import type { ApprovalLevel, Config, EnvConfig } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import type { HumanStep, HumanStepDeps, StepEventBase } from '../kernel/steps/human-step.js';
import type { Holder } from '../kernel/steps/step-link.js';
import type { ResearchDeps } from './deps.js';
import { researchStepEmail, revisionRequestEmail } from './research-emails.js';
import { researchUrls } from './research-links.js';
import type { ProjectEvent, ProjectMember, ProjectWithTeam, ResearchOutcome, ResearchStepLink } from './research-records.js';
import { memberSubject, projectSubject } from './research-repository.js';

/**
 * The human steps of a project before it runs, declared to the kernel's one step mechanism:
 * each member's supervisor consents to their taking part (`consent`, all at once), then the
 * BKPSDM coordinator reviews the plan (`plan-review`).
 */

/** A member's supervisor asked whether the member may take part. */
export interface ConsentContext {
  project: ProjectWithTeam;
  member: number;
  config: Config;
}

/** The coordinator reviewing the plan of a project. */
export interface PlanContext {
  project: ProjectWithTeam;
  config: Config;
}

export const system = (): ProjectEvent['actor'] => ({ role: 'system' });

/** The BKPSDM coordinator: the first level of the approval chain, who answers for the programme. */
export function coordinatorLevel(config: Pick<EnvConfig, 'APPROVAL_CHAIN'>): ApprovalLevel {
  const level = config.APPROVAL_CHAIN[0];
  if (!level) throw new Error('The approval chain has no coordinator');
  return level;
}

const holderOf = (person: { name: string; email: string; language?: Holder['language'] }): Holder => ({
  name: person.name,
  email: person.email,
  language: person.language ?? defaultLanguage,
});

export function memberOf(project: ProjectWithTeam, member: number): ProjectMember {
  const found = project.members.find((m) => m.number === member);
  if (!found) throw new Error(`Project ${project.id} has no member ${member}`);
  return found;
}

export const consentStep: HumanStep<ConsentContext, ResearchStepLink, ProjectEvent> = {
  step: 'consent',
  purpose: 'decision',
  subject: ({ project, member }) => memberSubject(project.id, member),
  keyed: ({ project }) => project,
  stepId: ({ project, member }, attempt) => `project:${project.id}:member-${member}:consent:${attempt}`,
  // A supervisor is a civil servant of the city, who reads Indonesian; the backup is the coordinator.
  holder: ({ project, member, config }, attempt) =>
    attempt === 'primary' ? holderOf(memberOf(project, member).supervisor) : holderOf(coordinatorLevel(config).approver),
  actions: () => ['approve', 'reject'],
  details: ({ member }) => ({ member }),
  opensFrom: () => ['PENDING'],
  statusWhileOpen: 'ASKED',
  event: ({ project, member }, { phase, key, at }: StepEventBase): ProjectEvent => {
    const about = { subject: memberSubject(project.id, member), key, at, actor: system(), step: 'consent' as const, member };
    switch (phase) {
      case 'request':
        return { ...about, type: 'consent-requested' };
      case 'escalation':
        return { ...about, type: 'escalated' };
      case 'reminder':
        return { ...about, type: 'reminder-sent' };
      case 'expiry':
        return { ...about, type: 'expired' };
    }
  },
  mail: ({ project }, link, url, kind) => researchStepEmail({ link, project, url, kind }),
  url: ({ config }, token) => researchUrls.decide(config, token),
};

export const planReviewStep: HumanStep<PlanContext, ResearchStepLink, ProjectEvent> = {
  step: 'plan-review',
  purpose: 'decision',
  subject: ({ project }) => projectSubject(project.id),
  keyed: ({ project }) => project,
  stepId: ({ project }, attempt) => `project:${project.id}:plan:r${project.round}:${attempt}`,
  holder: ({ config }, attempt) => {
    const level = coordinatorLevel(config);
    return holderOf(attempt === 'primary' ? level.approver : level.backup);
  },
  // In the last allowed round a plan can only be approved or rejected.
  actions: ({ project, config }) => (project.round >= config.MAX_REVIEW_ROUNDS ? ['approve', 'reject'] : ['approve', 'revise', 'reject']),
  details: ({ project }) => ({ round: project.round }),
  opensFrom: () => ['CONSENT', 'PLAN_REVIEW'],
  statusWhileOpen: 'PLAN_REVIEW',
  event: ({ project }, { phase, key, at }: StepEventBase): ProjectEvent => {
    const about = { subject: projectSubject(project.id), key, at, actor: system(), step: 'plan-review' as const, round: project.round };
    switch (phase) {
      case 'request':
        return { ...about, type: 'review-requested', fromStatus: project.status, toStatus: 'PLAN_REVIEW' };
      case 'escalation':
        return { ...about, type: 'escalated' };
      case 'reminder':
        return { ...about, type: 'reminder-sent' };
      case 'expiry':
        return { ...about, type: 'expired', fromStatus: 'PLAN_REVIEW', toStatus: 'EXPIRED' };
    }
  },
  mail: ({ project }, link, url, kind) => researchStepEmail({ link, project, url, kind }),
  url: ({ config }, token) => researchUrls.decide(config, token),
};

/** The partner asked to revise the plan: the round that asked, and the decision that asked for it. */
export interface RevisionContext {
  project: ProjectWithTeam;
  /** The round the revision was asked in (a resubmission has moved the project on by one). */
  round: number;
  decision?: ResearchOutcome;
  config: Config;
}

/** What the waiting plan review is handed when the partner resubmits: the next round, on the project itself. */
export const RESUBMITTED = { action: 'resubmit', outcome: 'resubmitted' } as const;

export const revisionStep: HumanStep<RevisionContext, ResearchStepLink, ProjectEvent> = {
  step: 'plan-revision',
  purpose: 'edit',
  subject: ({ project }) => projectSubject(project.id),
  keyed: ({ project }) => project,
  stepId: ({ project, round }) => `project:${project.id}:plan:r${round}:edit`,
  holder: ({ project }) => project.partner,
  actions: () => ['resubmit'],
  details: ({ round }) => ({ round }),
  opensFrom: () => ['PLAN_REVIEW', 'REVISION_REQUESTED'],
  statusWhileOpen: 'REVISION_REQUESTED',
  event: ({ project, round, decision }, { phase, key, at }: StepEventBase): ProjectEvent => {
    const about = { subject: projectSubject(project.id), key, at, actor: system(), step: 'plan-revision' as const, round };
    return phase === 'expiry'
      ? { ...about, type: 'expired', fromStatus: 'REVISION_REQUESTED', toStatus: 'EXPIRED' }
      : { ...about, type: 'revision-requested', fromStatus: 'PLAN_REVIEW', toStatus: 'REVISION_REQUESTED', comment: decision?.comment };
  },
  mail: ({ project, decision, config }, link, url) =>
    revisionRequestEmail({ project, decision: decision!, editUrl: url, deadline: link.expiresAt, roundsLeft: config.MAX_REVIEW_ROUNDS - project.round }),
  url: ({ config }, token) => researchUrls.edit(config, token),
  answer: () => RESUBMITTED,
};

/** The kernel's step deps, from the research workflow's. */
export const stepDeps = (deps: ResearchDeps): HumanStepDeps<ProjectEvent> => ({ ...deps, store: deps.research });
