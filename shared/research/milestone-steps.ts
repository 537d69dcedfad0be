import type { Config } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import type { HumanStep, StepEventBase } from '../kernel/steps/human-step.js';
import type { Holder } from '../kernel/steps/step-link.js';
import { extensionRequestEmail } from './extension-emails.js';
import type { LogbookSummary } from './logbook.js';
import { coReviewRequestEmail, milestoneRequestEmail } from './milestone-emails.js';
import { coordinatorLevel, system } from './project-steps.js';
import { researchUrls } from './research-links.js';
import type { ExtensionRecord, MilestoneRecord, MilestoneReviewer, ProjectEvent, ProjectWithTeam, ResearchStepLink } from './research-records.js';
import { milestoneSubject } from './research-repository.js';

/**
 * The human steps of a milestone's cycle, declared to the kernel's one step mechanism: the
 * lead sends the milestone through its submission link (`milestone`, one link per round, open
 * until it is sent), and the coordinator and the university's co-reviewer each review it
 * (`co-review`), or the coordinator alone decides (`co-review`, sole).
 */

export interface MilestoneContext {
  project: ProjectWithTeam;
  milestone: MilestoneRecord;
  config: Config;
}

export interface ReviewContext extends MilestoneContext {
  reviewer: MilestoneReviewer;
  /** The coordinator deciding alone. */
  sole?: boolean;
  /** The team's logbook since the last approved milestone, for the reviewer's mail. */
  logbook?: LogbookSummary;
}

/** Statuses a milestone passes through that say nothing about a step: a lateness, a reminder. */
const about = (milestone: MilestoneRecord, key: string, at: string) => ({
  subject: milestoneSubject(milestone.projectId, milestone.number),
  key,
  at,
  actor: system(),
  milestone: milestone.number,
});

export const leadOf = (project: ProjectWithTeam): Holder => ({ name: project.data.lead.name, email: project.data.lead.email, language: project.data.language });

/** The submission link serves until the milestone is sent; the stored link lives that long, and a year past the project. */
export const submissionLinkSeconds = (project: ProjectWithTeam, now: Date) =>
  Math.max(86_400, Math.ceil((Date.parse(`${project.data.endDate}T00:00:00+07:00`) + 365 * 86_400_000 - now.getTime()) / 1000));

/** The lead's link to send a milestone in a round (1 until it is sent back); the same round, the same link. */
function submissionStepOf(statusWhileOpen: 'OPEN' | 'REVISION_REQUESTED'): HumanStep<MilestoneContext, ResearchStepLink, ProjectEvent> {
  return {
    step: 'milestone',
    purpose: 'decision',
    subject: ({ milestone }) => milestoneSubject(milestone.projectId, milestone.number),
    keyed: ({ project }) => project,
    stepId: ({ project, milestone }) => `project:${project.id}:milestone-${milestone.number}:r${Math.max(1, milestone.round)}:submit`,
    // The lead alone sends a milestone: a link that is not spent by opening, so there is no backup.
    holder: ({ project }) => leadOf(project),
    actions: () => ['submit'],
    details: ({ milestone }) => ({ milestone: milestone.number, round: Math.max(1, milestone.round) }),
    opensFrom: () => (statusWhileOpen === 'OPEN' ? ['PLANNED', 'OPEN'] : ['REVISION_REQUESTED']),
    statusWhileOpen,
    event: ({ milestone }, { phase, key, at }: StepEventBase): ProjectEvent =>
      phase === 'request'
        ? { ...about(milestone, key, at), type: 'milestone-opened', step: 'milestone', round: Math.max(1, milestone.round), toStatus: statusWhileOpen }
        : { ...about(milestone, key, at), type: 'reminder-sent', step: 'milestone' },
    mail: ({ project, milestone }, link, url, kind) => milestoneRequestEmail({ project, milestone, link, url, kind }),
    url: ({ config }, token) => researchUrls.milestone(config, token),
  };
}

export const submissionStep = submissionStepOf('OPEN');
export const resubmissionStep = submissionStepOf('REVISION_REQUESTED');

/** The step a milestone's lead sends it through, by where the milestone stands. */
export const submissionStepFor = (milestone: Pick<MilestoneRecord, 'status'>) =>
  milestone.status === 'REVISION_REQUESTED' ? resubmissionStep : submissionStep;

/** What ends a reviewer's wait without their decision: the other reviewer decided first (`any`), or the review moved on. */
export const SETTLED = { action: 'settled' } as const;

const reviewerHolder = ({ project, config, reviewer }: ReviewContext, attempt: 'primary' | 'backup'): Holder => {
  if (reviewer === 'coordinator') {
    const level = coordinatorLevel(config);
    const person = attempt === 'primary' ? level.approver : level.backup;
    return { name: person.name, email: person.email, language: person.language ?? defaultLanguage };
  }
  // The university's co-reviewer; if they do not answer, the partner's contact, who answers for the university.
  return attempt === 'primary' ? { ...project.data.coReviewer, language: project.data.language } : project.partner;
};

/** A reviewer's link for a round of a milestone's review. */
export const coReviewStep: HumanStep<ReviewContext, ResearchStepLink, ProjectEvent> = {
  step: 'co-review',
  purpose: 'decision',
  subject: ({ milestone }) => milestoneSubject(milestone.projectId, milestone.number),
  keyed: ({ project }) => project,
  stepId: ({ project, milestone, reviewer, sole }, attempt) =>
    `project:${project.id}:milestone-${milestone.number}:r${milestone.round}:${sole ? 'sole' : reviewer}:${attempt}`,
  holder: reviewerHolder,
  actions: ({ sole }) => (sole ? ['approve', 'reject'] : ['approve', 'revise']),
  details: ({ milestone, reviewer, sole }) => ({ milestone: milestone.number, round: milestone.round, reviewer, ...(sole ? { sole: true } : {}) }),
  opensFrom: () => ['SUBMITTED', 'IN_REVIEW'],
  statusWhileOpen: 'IN_REVIEW',
  event: ({ milestone, reviewer }, { phase, key, at }: StepEventBase): ProjectEvent => {
    const base = { ...about(milestone, key, at), step: 'co-review' as const, round: milestone.round, comment: undefined };
    switch (phase) {
      case 'request':
        return { ...base, type: 'review-requested', fromStatus: milestone.status, toStatus: 'IN_REVIEW', actor: { role: reviewer } };
      case 'escalation':
        return { ...base, type: 'escalated' };
      case 'reminder':
        return { ...base, type: 'reminder-sent' };
      case 'expiry':
        return { ...base, type: 'expired' };
    }
  },
  mail: ({ project, milestone, logbook }, link, url, kind) => coReviewRequestEmail({ project, milestone, link, url, kind, logbook }),
  url: ({ config }, token) => researchUrls.decide(config, token),
  // The other reviewer decided first, or the milestone moved on: the wait ends without a decision.
  endedBy: { SETTLED, APPROVED: SETTLED, REVISION_REQUESTED: SETTLED, NOT_ACCEPTED: SETTLED },
};

/** The coordinator deciding on a lead's request for a new due date. */
export interface ExtensionStepContext extends MilestoneContext {
  extension: ExtensionRecord;
}

/** What ends the coordinator's wait on an extension when the lead sends the milestone first: there is nothing left to extend. */
export const MOOT = { action: 'moot' } as const;

export const extensionStep: HumanStep<ExtensionStepContext, ResearchStepLink, ProjectEvent> = {
  step: 'extension',
  purpose: 'decision',
  subject: ({ milestone }) => milestoneSubject(milestone.projectId, milestone.number),
  keyed: ({ project }) => project,
  stepId: ({ project, milestone, extension }, attempt) => `project:${project.id}:milestone-${milestone.number}:extension-${extension.number}:${attempt}`,
  holder: ({ config }, attempt) => {
    const level = coordinatorLevel(config);
    const person = attempt === 'primary' ? level.approver : level.backup;
    return { name: person.name, email: person.email, language: person.language ?? defaultLanguage };
  },
  actions: () => ['approve', 'reject'],
  details: ({ milestone, extension }) => ({ milestone: milestone.number, extension: extension.number }),
  // Asked while the milestone is open; it stays open meanwhile (the lead may still send it).
  opensFrom: () => ['OPEN'],
  statusWhileOpen: 'OPEN',
  event: ({ milestone, extension }, { phase, key, at }: StepEventBase): ProjectEvent => {
    const base = { ...about(milestone, key, at), step: 'extension' as const, comment: undefined };
    switch (phase) {
      case 'request':
        return { ...base, type: 'review-requested', comment: `${extension.previousDueDate} → ${extension.newDueDate}` };
      case 'escalation':
        return { ...base, type: 'escalated' };
      case 'reminder':
        return { ...base, type: 'reminder-sent' };
      case 'expiry':
        return { ...base, type: 'expired' };
    }
  },
  mail: ({ project, milestone, extension }, link, url, kind) => extensionRequestEmail({ project, milestone, extension, link, url, kind }),
  url: ({ config }, token) => researchUrls.decide(config, token),
  endedBy: { SUBMITTED: MOOT, IN_REVIEW: MOOT, SETTLED: MOOT, APPROVED: MOOT, NOT_ACCEPTED: MOOT },
};
