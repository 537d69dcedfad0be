import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Person } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { partnerWelcomeEmail } from '../kernel/partnerships/partner-emails.js';
import { hasPartnerPage, type PartnershipRecord, partnerLink, partnerToken, partnerUrl } from '../kernel/partnerships/partnership.js';
import { expireStep, openStep, remindStep } from '../kernel/steps/human-step.js';
import { endOfTerm } from '../kernel/time.js';
import type { ProposalDeps } from './deps.js';
import { decisionActions } from './proposal.schema.js';
import * as emails from './proposal-emails.js';
import type { Outcome, ProposalRecord } from './proposal-records.js';
import { ProposalConflict } from './proposal-repository.js';
import { levelOf, proposer, reviewStep, revisionStep, stepDeps, system, trackUrl } from './proposal-steps.js';

/** The events the review workflow sends to its task function; one schema, checked on arrival. */
const token = z.string().check(z.minLength(1));
const seconds = z.int().check(z.gte(1));
const proposalId = z.string().check(z.minLength(1));
const level = z.int().check(z.gte(1));
const decision = z.object({
  action: z.enum([...decisionActions]),
  comment: z.optional(z.string()),
  decidedAt: z.string(),
  decidedBy: z.object({ name: z.string(), email: z.string() }),
});
export const ReviewTask = z.discriminatedUnion('action', [
  z.object({ action: z.literal('receipt'), proposalId }),
  z.object({ action: z.literal('request'), proposalId, level, taskToken: token, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remind'), proposalId, level, taskToken: token }),
  z.object({ action: z.literal('escalate'), proposalId, level, taskToken: token, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expire'), proposalId, level }),
  z.object({ action: z.literal('approve'), proposalId, decision }),
  z.object({ action: z.literal('reject'), proposalId, decision }),
  z.object({ action: z.literal('requestRevision'), proposalId, decision, taskToken: token, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expireRevision'), proposalId }),
  // The workflow's last resort: a task kept failing, so the proposal must not hang in review.
  z.object({ action: z.literal('closeAfterFailure'), proposalId }),
]);
export type ReviewTask = z.output<typeof ReviewTask>;

/** What `expire` and `expireRevision` answer: the step ran out, or a person acted just in time. */
export type LateOutcome = { outcome: 'expired' } | ({ outcome: 'decided' } & Outcome) | { outcome: 'resubmitted' };

/** Runs one task of the proposal review workflow. */
export async function runReviewTask(task: ReviewTask, deps: ProposalDeps): Promise<LateOutcome | Record<string, never>> {
  const proposal = await loadProposal(task.proposalId, deps);
  switch (task.action) {
    case 'receipt':
      await sendTo(proposer(proposal), emails.receiptEmail(proposal, trackUrlOf(proposal, deps)), deps);
      return {};
    case 'request':
      await openStep(reviewStep, { proposal, level: task.level, config: deps.config }, 'primary', task.taskToken, task.expiresInSeconds, stepDeps(deps));
      return {};
    case 'remind':
      await remindStep(reviewStep, { proposal, level: task.level, config: deps.config }, task.taskToken, stepDeps(deps));
      return {};
    case 'escalate':
      await openStep(reviewStep, { proposal, level: task.level, config: deps.config }, 'backup', task.taskToken, task.expiresInSeconds, stepDeps(deps));
      return {};
    case 'expire':
      return expireDecision(proposal, task.level, deps);
    case 'approve':
      await approve(proposal, task.decision, deps);
      return {};
    case 'reject':
      await reject(proposal, task.decision, deps);
      return {};
    case 'requestRevision':
      await openStep(
        revisionStep,
        { proposal, round: proposal.round, decision: task.decision, config: deps.config },
        'primary',
        task.taskToken,
        task.expiresInSeconds,
        stepDeps(deps),
      );
      logger.info('revision requested', { proposalId: proposal.id, round: proposal.round });
      return {};
    case 'expireRevision':
      return expireRevision(proposal, deps);
    case 'closeAfterFailure':
      await closeAfterFailure(proposal, deps);
      return {};
  }
}

async function loadProposal(id: string, deps: ProposalDeps): Promise<ProposalRecord> {
  const proposal = await deps.repo.getProposal(id);
  if (!proposal) throw new Error(`Proposal ${id} does not exist`);
  return proposal;
}

const trackUrlOf = (p: ProposalRecord, deps: ProposalDeps) => trackUrl(p, deps.config);

async function sendTo(to: Person, mail: { subject: string; html: string; text: string }, deps: ProposalDeps): Promise<void> {
  await deps.mailer.send({ to: to.email, ...mail });
}

/** Nobody decided, not even the backup: the proposal ends EXPIRED, unless a decision came in just in time. */
async function expireDecision(proposal: ProposalRecord, level: number, deps: ProposalDeps): Promise<LateOutcome> {
  const ended = await expireStep(reviewStep, { proposal, level, config: deps.config }, 'backup', stepDeps(deps));
  if (ended.kind === 'used') return { outcome: 'decided', ...ended.link.outcome! };
  await sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrlOf(proposal, deps), reason: 'no-decision' }), deps);
  logger.info('proposal expired without a decision', { proposalId: proposal.id, approvalLevel: level });
  return { outcome: 'expired' };
}

/** Approval at the last level: the proposal becomes an active partnership. */
async function approve(proposal: ProposalRecord, decision: Outcome, deps: ProposalDeps): Promise<void> {
  const at = deps.clock.now().toISOString();
  const partnership: PartnershipRecord = {
    id: randomUUID(),
    proposalId: proposal.id,
    institution: proposal.data.institution,
    contact: proposal.data.contact,
    title: proposal.data.title,
    scopes: proposal.data.scopes,
    startDate: proposal.data.startDate,
    endDate: endOfTerm(proposal.data.startDate, proposal.data.durationMonths),
    status: 'ACTIVE',
    createdAt: at,
    keyVersion: deps.config.LINK_SECRET.current,
  };
  let stored: ProposalRecord = { ...proposal, status: 'APPROVED', partnershipId: partnership.id };
  let active = partnership;
  try {
    await deps.repo.closeProposal({
      proposalId: proposal.id,
      fromStatuses: ['IN_REVIEW'],
      toStatus: 'APPROVED',
      partnership,
      partnerLink: hasPartnerPage(partnership) ? partnerLink(deps.config.LINK_SECRET, partnership, at) : undefined,
      event: {
        proposalId: proposal.id,
        key: `r${proposal.round}:approved`,
        type: 'approved',
        at,
        actor: system(),
        fromStatus: 'IN_REVIEW',
        toStatus: 'APPROVED',
        round: proposal.round,
        comment: decision.comment,
      },
    });
  } catch (error) {
    // A retried task whose first attempt already committed: carry on to the emails, with the
    // partnership that attempt created.
    if (!(error instanceof ProposalConflict && error.proposal?.status === 'APPROVED')) throw error;
    stored = error.proposal;
    active = (stored.partnershipId && (await deps.repo.getPartnership(stored.partnershipId))) || partnership;
  }
  await sendTo(proposer(stored), emails.approvedEmail({ proposal: stored, partnership: active, trackingUrl: trackUrlOf(stored, deps) }), deps);
  // An internship or research partnership opens the partner's page, where they offer placements and propose projects.
  if (hasPartnerPage(active))
    await sendTo(
      proposer(stored),
      partnerWelcomeEmail({
        partnership: active,
        partnerUrl: partnerUrl(deps.config, partnerToken(deps.config.LINK_SECRET, active)),
        language: stored.data.language,
      }),
      deps,
    );
  const coordinator = levelOf(1, deps.config).approver;
  await sendTo(coordinator, emails.partnershipNoticeEmail({ proposal: stored, partnership: active, language: coordinator.language ?? defaultLanguage }), deps);
  logger.info('proposal approved', { proposalId: proposal.id, partnershipId: active.id });
}

async function reject(proposal: ProposalRecord, decision: Outcome, deps: ProposalDeps): Promise<void> {
  const at = deps.clock.now().toISOString();
  try {
    await deps.repo.closeProposal({
      proposalId: proposal.id,
      fromStatuses: ['IN_REVIEW'],
      toStatus: 'REJECTED',
      event: {
        proposalId: proposal.id,
        key: `r${proposal.round}:rejected`,
        type: 'rejected',
        at,
        actor: { role: 'system' },
        fromStatus: 'IN_REVIEW',
        toStatus: 'REJECTED',
        round: proposal.round,
        comment: decision.comment,
      },
    });
  } catch (error) {
    if (!(error instanceof ProposalConflict && error.proposal?.status === 'REJECTED')) throw error;
  }
  await sendTo(proposer(proposal), emails.rejectedEmail({ proposal, decision, trackingUrl: trackUrlOf(proposal, deps) }), deps);
  logger.info('proposal rejected', { proposalId: proposal.id });
}

async function expireRevision(proposal: ProposalRecord, deps: ProposalDeps): Promise<LateOutcome> {
  // The round that asked for the revision: a resubmission has already moved the proposal on.
  const round = proposal.status === 'REVISION_REQUESTED' ? proposal.round : proposal.round - 1;
  const ended = await expireStep(revisionStep, { proposal, round, config: deps.config }, 'primary', stepDeps(deps));
  if (ended.kind === 'used') return { outcome: 'resubmitted' };
  await sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrlOf(proposal, deps), reason: 'no-revision' }), deps);
  return { outcome: 'expired' };
}

/**
 * Ends a proposal whose review could not go on (a task kept failing): EXPIRED, with a `failed`
 * event, so its links refuse decisions and nobody waits for a step that will never come. The
 * proposer and the coordinator are told. A proposal already in a final status is left alone.
 */
async function closeAfterFailure(proposal: ProposalRecord, deps: ProposalDeps): Promise<void> {
  const open: ProposalRecord['status'][] = ['SUBMITTED', 'IN_REVIEW', 'REVISION_REQUESTED'];
  const eventKey = `r${proposal.round}:failed`;
  if (!open.includes(proposal.status)) {
    // A retried task whose first attempt closed the proposal but could not send every email.
    const closedByUs = proposal.status === 'EXPIRED' && (await deps.repo.history(proposal.id)).some((e) => e.key === eventKey);
    if (!closedByUs) return;
  } else {
    try {
      await deps.repo.closeProposal({
        proposalId: proposal.id,
        fromStatuses: open,
        toStatus: 'EXPIRED',
        event: {
          proposalId: proposal.id,
          key: eventKey,
          type: 'failed',
          at: deps.clock.now().toISOString(),
          actor: system(),
          fromStatus: proposal.status,
          toStatus: 'EXPIRED',
          round: proposal.round,
        },
      });
    } catch (error) {
      if (!(error instanceof ProposalConflict && error.proposal?.status === 'EXPIRED')) throw error;
    }
  }
  // The coordinator first, and both tried even if one fails: a bad proposer address must not
  // keep the coordinator from hearing of it.
  const coordinator = levelOf(1, deps.config).approver;
  const sent = await Promise.allSettled([
    sendTo(coordinator, emails.reviewFailedNoticeEmail({ proposal, language: coordinator.language ?? defaultLanguage }), deps),
    sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrlOf(proposal, deps), reason: 'failure' }), deps),
  ]);
  logger.error('review closed after a failure', { proposalId: proposal.id });
  const failure = sent.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
