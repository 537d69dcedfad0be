import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { ApprovalLevel, Person } from '../kernel/config.js';
import { defaultLanguage, type Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import type { AuditEvent, DecisionLink, EditLink, LinkRecord, Outcome, PartnershipRecord, ProposalRecord } from '../kernel/store/records.js';
import { endOfTerm } from '../kernel/time.js';
import { placementUrls } from '../placements/deps.js';
import { partnerLink, partnerToken } from '../placements/partner-links.js';
import { partnerWelcomeEmail } from '../placements/placement-emails.js';
import { type ProposalDeps, urls } from './deps.js';
import { decisionActions } from './proposal.schema.js';
import * as emails from './proposal-emails.js';
import { StepConflict } from './proposal-repository.js';

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
      await sendTo(proposer(proposal), emails.receiptEmail(proposal, trackUrl(proposal, deps)), deps);
      return {};
    case 'request':
      await requestDecision(proposal, task.level, 'primary', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'remind':
      await remind(proposal, task.level, task.taskToken, deps);
      return {};
    case 'escalate':
      await requestDecision(proposal, task.level, 'backup', task.taskToken, task.expiresInSeconds, deps);
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
      await requestRevision(proposal, task.decision, task.taskToken, task.expiresInSeconds, deps);
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

const proposer = (p: ProposalRecord): Person & { language: Language } => ({
  name: p.data.contact.name,
  email: p.data.contact.email,
  language: p.data.language,
});
const trackUrl = (p: ProposalRecord, deps: ProposalDeps) => urls.track(deps.config, mintToken(deps.config.LINK_SECRET, 'track', p.id));
const decisionStepId = (p: ProposalRecord, level: number, attempt: 'primary' | 'backup') => `${p.id}:r${p.round}:l${level}:${attempt}`;
const editStepId = (p: ProposalRecord) => `${p.id}:r${p.round}:edit`;

function levelOf(level: number, deps: ProposalDeps): ApprovalLevel {
  const config = deps.config.APPROVAL_CHAIN[level - 1];
  if (!config) throw new Error(`The approval chain has no level ${level}`);
  return config;
}

async function sendTo(to: Person, mail: { subject: string; html: string; text: string }, deps: ProposalDeps): Promise<void> {
  await deps.mailer.send({ to: to.email, ...mail });
}

/** What every action link of a step starts with: its token (never stored), hash, task token and expiry. */
function newActionLink(
  secret: string,
  purpose: 'decision' | 'edit',
  stepId: string,
  proposal: ProposalRecord,
  taskToken: string,
  expiresInSeconds: number,
  now: Date,
) {
  const token = mintToken(secret, purpose, stepId);
  const fields = {
    hash: hashToken(token),
    proposalId: proposal.id,
    createdAt: now.toISOString(),
    stepId,
    state: 'PENDING' as const,
    taskToken,
    pageSecret: randomBytes(32).toString('base64url'),
    expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
    round: proposal.round,
  };
  return { token, fields };
}

function system(): AuditEvent['actor'] {
  return { role: 'system' };
}

/**
 * A wait whose link was used while the previous wait was ending: hand the recorded decision
 * to the new wait at once, so the decision is applied exactly once and never lost.
 */
async function carryOn(conflict: unknown, link: LinkRecord | undefined, taskToken: string, deps: ProposalDeps): Promise<boolean> {
  if (!(conflict instanceof StepConflict)) return false;
  if (!link || (link.kind !== 'decision' && link.kind !== 'edit') || link.state !== 'USED' || !link.outcome) return false;
  const output = link.kind === 'edit' ? { outcome: 'resubmitted' } : { ...link.outcome };
  await deps.workflows.complete(taskToken, output);
  return true;
}

function isSuperseded(error: unknown): boolean {
  return error instanceof StepConflict && error.link?.kind === 'decision' && error.link.state === 'SUPERSEDED';
}

/** Opens the decision link of a level (for its approver, or on escalation for the backup) and mails it. */
async function requestDecision(
  proposal: ProposalRecord,
  level: number,
  attempt: 'primary' | 'backup',
  taskToken: string,
  expiresInSeconds: number,
  deps: ProposalDeps,
): Promise<void> {
  const { config } = deps;
  const chainLevel = levelOf(level, deps);
  const holder = attempt === 'primary' ? chainLevel.approver : chainLevel.backup;
  const now = deps.clock.now();
  const stepId = decisionStepId(proposal, level, attempt);
  const { token: linkToken, fields } = newActionLink(config.LINK_SECRET, 'decision', stepId, proposal, taskToken, expiresInSeconds, now);
  const link: DecisionLink = {
    kind: 'decision',
    ...fields,
    holder: { ...holder, language: holder.language ?? defaultLanguage },
    level,
    role: chainLevel.role,
    attempt,
    // In the last allowed round a proposal can only be approved or rejected.
    actions: proposal.round >= config.MAX_REVIEW_ROUNDS ? ['approve', 'reject'] : [...decisionActions],
  };
  const primaryHash = hashToken(mintToken(config.LINK_SECRET, 'decision', decisionStepId(proposal, level, 'primary')));
  const primary = attempt === 'backup' ? await deps.repo.getLink(primaryHash) : undefined;
  if (primary?.kind === 'decision' && primary.state === 'USED' && primary.outcome) {
    await deps.workflows.complete(taskToken, { ...primary.outcome });
    return;
  }
  try {
    await deps.repo.openStep({
      link,
      proposalId: proposal.id,
      fromStatuses: attempt === 'primary' ? ['SUBMITTED', 'IN_REVIEW'] : ['IN_REVIEW'],
      toStatus: 'IN_REVIEW',
      // A retried escalation finds the primary link superseded already.
      supersede: primary?.kind === 'decision' && primary.state === 'PENDING' ? primaryHash : undefined,
      event: {
        proposalId: proposal.id,
        key: `${stepId}:${attempt === 'primary' ? 'requested' : 'escalated'}`,
        type: attempt === 'primary' ? 'review-requested' : 'escalated',
        at: now.toISOString(),
        actor: system(),
        fromStatus: proposal.status,
        toStatus: 'IN_REVIEW',
        level,
        role: chainLevel.role,
        round: proposal.round,
      },
    });
  } catch (error) {
    // On escalation the primary link may have been used at the last moment; on a retried
    // task this very link may have been used already.
    const latePrimary = attempt === 'backup' ? await deps.repo.getLink(primaryHash) : undefined;
    const used = latePrimary?.kind === 'decision' && latePrimary.state === 'USED' ? latePrimary : (error as StepConflict).link;
    if (await carryOn(error, used, taskToken, deps)) return;
    // A replayed workflow asking again at a step that was escalated before: the backup's link is the open one.
    if (attempt === 'primary' && isSuperseded(error)) return remind(proposal, level, taskToken, deps, 'backup');
    throw error;
  }
  const mail = emails.decisionRequestEmail({
    proposal,
    link,
    url: urls.decide(config, linkToken),
    kind: attempt === 'primary' ? 'request' : 'escalation',
    chainLength: config.APPROVAL_CHAIN.length,
  });
  await sendTo(link.holder, mail, deps);
  logger.info(attempt === 'primary' ? 'decision requested' : 'decision escalated', { proposalId: proposal.id, approvalLevel: level, round: proposal.round });
}

/**
 * Sends the same link again and binds it to the reminder's wait. When the primary link was
 * superseded (the step was escalated before: a replayed workflow), it is the backup's link that
 * is still open, so that one is re-sent instead.
 */
async function remind(
  proposal: ProposalRecord,
  level: number,
  taskToken: string,
  deps: ProposalDeps,
  attempt: 'primary' | 'backup' = 'primary',
): Promise<void> {
  const { config } = deps;
  const stepId = decisionStepId(proposal, level, attempt);
  const linkToken = mintToken(config.LINK_SECRET, 'decision', stepId);
  const hash = hashToken(linkToken);
  try {
    await deps.repo.rebindStep(hash, taskToken, proposal.id, {
      proposalId: proposal.id,
      key: `${stepId}:reminder`,
      type: 'reminder-sent',
      at: deps.clock.now().toISOString(),
      actor: system(),
      level,
      role: levelOf(level, deps).role,
      round: proposal.round,
    });
  } catch (error) {
    if (await carryOn(error, (error as StepConflict).link, taskToken, deps)) return;
    if (attempt === 'primary' && isSuperseded(error)) return remind(proposal, level, taskToken, deps, 'backup');
    throw error;
  }
  const link = await deps.repo.getLink(hash);
  if (link?.kind !== 'decision') throw new Error('The decision link vanished');
  await sendTo(
    link.holder,
    emails.decisionRequestEmail({ proposal, link, url: urls.decide(config, linkToken), kind: 'reminder', chainLength: config.APPROVAL_CHAIN.length }),
    deps,
  );
  logger.info('decision reminder sent', { proposalId: proposal.id, approvalLevel: level, round: proposal.round });
}

/** Nobody decided, not even the backup: the proposal ends EXPIRED, unless a decision came in just in time. */
async function expireDecision(proposal: ProposalRecord, level: number, deps: ProposalDeps): Promise<LateOutcome> {
  const stepId = decisionStepId(proposal, level, 'backup');
  const hash = hashToken(mintToken(deps.config.LINK_SECRET, 'decision', stepId));
  try {
    await deps.repo.expireStep(hash, proposal.id, ['IN_REVIEW'], {
      proposalId: proposal.id,
      key: `${stepId}:expired`,
      type: 'expired',
      at: deps.clock.now().toISOString(),
      actor: system(),
      fromStatus: proposal.status,
      toStatus: 'EXPIRED',
      level,
      round: proposal.round,
    });
  } catch (error) {
    const link = (error as StepConflict).link;
    if (error instanceof StepConflict && link?.kind === 'decision' && link.state === 'USED' && link.outcome) return { outcome: 'decided', ...link.outcome };
    // A retried task whose first attempt committed but could not send the email: send it now.
    if (!(error instanceof StepConflict && error.proposal?.status === 'EXPIRED')) throw error;
  }
  await sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrl(proposal, deps), reason: 'no-decision' }), deps);
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
  };
  let stored: ProposalRecord = { ...proposal, status: 'APPROVED', partnershipId: partnership.id };
  let active = partnership;
  try {
    await deps.repo.closeProposal({
      proposalId: proposal.id,
      fromStatuses: ['IN_REVIEW'],
      toStatus: 'APPROVED',
      partnership,
      partnerLink: partnership.scopes.includes('internship') ? partnerLink(deps.config.LINK_SECRET, partnership.id, at) : undefined,
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
    if (!(error instanceof StepConflict && error.proposal?.status === 'APPROVED')) throw error;
    stored = error.proposal;
    active = (stored.partnershipId && (await deps.repo.getPartnership(stored.partnershipId))) || partnership;
  }
  await sendTo(proposer(stored), emails.approvedEmail({ proposal: stored, partnership: active, trackingUrl: trackUrl(stored, deps) }), deps);
  // An internship partnership opens the partner's page, where they offer placements.
  if (active.scopes.includes('internship'))
    await sendTo(
      proposer(stored),
      partnerWelcomeEmail({
        partnership: active,
        partnerUrl: placementUrls.partner(deps.config, partnerToken(deps.config.LINK_SECRET, active.id)),
        language: stored.data.language,
      }),
      deps,
    );
  const coordinator = levelOf(1, deps).approver;
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
    if (!(error instanceof StepConflict && error.proposal?.status === 'REJECTED')) throw error;
  }
  await sendTo(proposer(proposal), emails.rejectedEmail({ proposal, decision, trackingUrl: trackUrl(proposal, deps) }), deps);
  logger.info('proposal rejected', { proposalId: proposal.id });
}

/** Sends the proposer an edit link and waits for the resubmission. */
async function requestRevision(proposal: ProposalRecord, decision: Outcome, taskToken: string, expiresInSeconds: number, deps: ProposalDeps): Promise<void> {
  const { config } = deps;
  const now = deps.clock.now();
  const stepId = editStepId(proposal);
  const { token: linkToken, fields } = newActionLink(config.LINK_SECRET, 'edit', stepId, proposal, taskToken, expiresInSeconds, now);
  const link: EditLink = {
    kind: 'edit',
    ...fields,
    holder: proposer(proposal),
  };
  try {
    await deps.repo.openStep({
      link,
      proposalId: proposal.id,
      fromStatuses: ['IN_REVIEW', 'REVISION_REQUESTED'],
      toStatus: 'REVISION_REQUESTED',
      event: {
        proposalId: proposal.id,
        key: `${stepId}:requested`,
        type: 'revision-requested',
        at: now.toISOString(),
        actor: system(),
        fromStatus: proposal.status,
        toStatus: 'REVISION_REQUESTED',
        round: proposal.round,
        comment: decision.comment,
      },
    });
  } catch (error) {
    if (await carryOn(error, (error as StepConflict).link, taskToken, deps)) return;
    throw error;
  }
  await sendTo(
    link.holder,
    emails.revisionRequestEmail({
      proposal,
      decision,
      editUrl: urls.edit(config, linkToken),
      trackingUrl: trackUrl(proposal, deps),
      deadline: link.expiresAt,
      roundsLeft: config.MAX_REVIEW_ROUNDS - proposal.round,
    }),
    deps,
  );
  logger.info('revision requested', { proposalId: proposal.id, round: proposal.round });
}

async function expireRevision(proposal: ProposalRecord, deps: ProposalDeps): Promise<LateOutcome> {
  // The round that asked for the revision: a resubmission has already moved the proposal on.
  const asked = proposal.status === 'REVISION_REQUESTED' ? proposal : { ...proposal, round: proposal.round - 1 };
  const stepId = editStepId(asked);
  const hash = hashToken(mintToken(deps.config.LINK_SECRET, 'edit', stepId));
  try {
    await deps.repo.expireStep(hash, proposal.id, ['REVISION_REQUESTED'], {
      proposalId: proposal.id,
      key: `${stepId}:expired`,
      type: 'expired',
      at: deps.clock.now().toISOString(),
      actor: system(),
      fromStatus: 'REVISION_REQUESTED',
      toStatus: 'EXPIRED',
      round: proposal.round,
    });
  } catch (error) {
    if (error instanceof StepConflict && error.link?.kind === 'edit' && error.link.state === 'USED') return { outcome: 'resubmitted' };
    // As above: a retried task sends the email its first attempt could not.
    if (!(error instanceof StepConflict && error.proposal?.status === 'EXPIRED')) throw error;
  }
  await sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrl(proposal, deps), reason: 'no-revision' }), deps);
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
      if (!(error instanceof StepConflict && error.proposal?.status === 'EXPIRED')) throw error;
    }
  }
  // The coordinator first, and both tried even if one fails: a bad proposer address must not
  // keep the coordinator from hearing of it.
  const coordinator = levelOf(1, deps).approver;
  const sent = await Promise.allSettled([
    sendTo(coordinator, emails.reviewFailedNoticeEmail({ proposal, language: coordinator.language ?? defaultLanguage }), deps),
    sendTo(proposer(proposal), emails.expiredEmail({ proposal, trackingUrl: trackUrl(proposal, deps), reason: 'failure' }), deps),
  ]);
  logger.error('review closed after a failure', { proposalId: proposal.id });
  const failure = sent.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
