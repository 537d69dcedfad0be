import type { ApprovalLevel, Config, EnvConfig } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import type { HumanStep, HumanStepDeps, StepEventBase } from '../kernel/steps/human-step.js';
import type { Holder } from '../kernel/steps/step-link.js';
import { mintToken } from '../kernel/steps/tokens.js';
import { type ProposalDeps, urls } from './deps.js';
import { decisionActions } from './proposal.schema.js';
import * as emails from './proposal-emails.js';
import { RESUBMITTED, statusWhileOpen } from './proposal-links.js';
import type { AuditEvent, DecisionLink, EditLink, Outcome, ProposalRecord } from './proposal-records.js';

/**
 * The human steps of a proposal's review, declared to the kernel's one step mechanism: each
 * level of the approval chain decides (`review`), and the proposer revises when asked
 * (`revision`).
 */

/** A level of the approval chain deciding on a proposal. */
export interface LevelContext {
  proposal: ProposalRecord;
  level: number;
  config: Config;
}

/** The proposer asked to revise: the round that asked, and the decision that asked for it. */
export interface RevisionContext {
  proposal: ProposalRecord;
  /** The round the revision was asked in (a resubmission has moved the proposal on by one). */
  round: number;
  decision?: Outcome;
  config: Config;
}

/** The actor of what the workflow itself does. */
export const system = (): AuditEvent['actor'] => ({ role: 'system' });

export function levelOf(level: number, config: Pick<EnvConfig, 'APPROVAL_CHAIN'>): ApprovalLevel {
  const chainLevel = config.APPROVAL_CHAIN[level - 1];
  if (!chainLevel) throw new Error(`The approval chain has no level ${level}`);
  return chainLevel;
}

export const proposer = (p: ProposalRecord): Holder => ({ name: p.data.contact.name, email: p.data.contact.email, language: p.data.language });

export const trackUrl = (p: ProposalRecord, config: Config) => urls.track(config, mintToken(config.LINK_SECRET, p, 'track', p.id));

export const reviewStep: HumanStep<LevelContext, DecisionLink, AuditEvent> = {
  step: 'review',
  purpose: 'decision',
  subject: ({ proposal }) => ({ type: 'proposal', id: proposal.id }),
  keyed: ({ proposal }) => proposal,
  stepId: ({ proposal, level }, attempt) => `${proposal.id}:r${proposal.round}:l${level}:${attempt}`,
  holder: ({ level, config }, attempt) => {
    const chainLevel = levelOf(level, config);
    const holder = attempt === 'primary' ? chainLevel.approver : chainLevel.backup;
    return { ...holder, language: holder.language ?? defaultLanguage };
  },
  // In the last allowed round a proposal can only be approved or rejected.
  actions: ({ proposal, config }) => (proposal.round >= config.MAX_REVIEW_ROUNDS ? ['approve', 'reject'] : [...decisionActions]),
  details: ({ proposal, level, config }) => ({ level, role: levelOf(level, config).role, round: proposal.round }),
  opensFrom: () => ['SUBMITTED', 'IN_REVIEW'],
  statusWhileOpen: statusWhileOpen.review,
  event: ({ proposal, level, config }, { phase, key, at }: StepEventBase): AuditEvent => {
    const where = { level, round: proposal.round };
    const role = levelOf(level, config).role;
    switch (phase) {
      case 'request':
      case 'escalation':
        return {
          proposalId: proposal.id,
          key,
          type: phase === 'request' ? 'review-requested' : 'escalated',
          at,
          actor: system(),
          fromStatus: proposal.status,
          toStatus: 'IN_REVIEW',
          level,
          role,
          round: proposal.round,
        };
      case 'reminder':
        return { proposalId: proposal.id, key, type: 'reminder-sent', at, actor: system(), level, role, round: proposal.round };
      case 'expiry':
        return { proposalId: proposal.id, key, type: 'expired', at, actor: system(), fromStatus: proposal.status, toStatus: 'EXPIRED', ...where };
    }
  },
  mail: ({ proposal, config }, link, url, kind) => emails.decisionRequestEmail({ proposal, link, url, kind, chainLength: config.APPROVAL_CHAIN.length }),
  url: ({ config }, token) => urls.decide(config, token),
};

export const revisionStep: HumanStep<RevisionContext, EditLink, AuditEvent> = {
  step: 'revision',
  purpose: 'edit',
  subject: ({ proposal }) => ({ type: 'proposal', id: proposal.id }),
  keyed: ({ proposal }) => proposal,
  stepId: ({ proposal, round }) => `${proposal.id}:r${round}:edit`,
  holder: ({ proposal }) => proposer(proposal),
  actions: () => ['resubmit'],
  details: ({ round }) => ({ round }),
  opensFrom: () => ['IN_REVIEW', 'REVISION_REQUESTED'],
  statusWhileOpen: statusWhileOpen.revision,
  event: ({ proposal, decision }, { phase, key, at }): AuditEvent =>
    phase === 'expiry'
      ? { proposalId: proposal.id, key, type: 'expired', at, actor: system(), fromStatus: 'REVISION_REQUESTED', toStatus: 'EXPIRED', round: proposal.round }
      : {
          proposalId: proposal.id,
          key,
          type: 'revision-requested',
          at,
          actor: system(),
          fromStatus: proposal.status,
          toStatus: 'REVISION_REQUESTED',
          round: proposal.round,
          comment: decision?.comment,
        },
  mail: ({ proposal, decision, config }, link, url) =>
    emails.revisionRequestEmail({
      proposal,
      decision: decision!,
      editUrl: url,
      trackingUrl: trackUrl(proposal, config),
      deadline: link.expiresAt,
      roundsLeft: config.MAX_REVIEW_ROUNDS - proposal.round,
    }),
  url: ({ config }, token) => urls.edit(config, token),
  // The waiting review restarts the chain; what was resubmitted is on the proposal itself.
  answer: () => RESUBMITTED,
};

/** The kernel's step deps, from the proposal workflow's. */
export const stepDeps = (deps: ProposalDeps): HumanStepDeps<AuditEvent> => ({ ...deps, store: deps.repo });
