import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/kernel/errors.js';
import { logger } from '../../shared/kernel/logger.js';
import type { Mail, Mailer, Workflows } from '../../shared/kernel/ports.js';
import { LinkClosedError, LinkUsedError } from '../../shared/kernel/steps/link-errors.js';
import type { LinkRecord, Subject } from '../../shared/kernel/steps/step-link.js';
import { openTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken, mintToken, pageProof } from '../../shared/kernel/steps/tokens.js';
import { type DecisionResult, decide, showDecision } from '../../shared/proposals/decisions.js';
import type { ProposalDeps } from '../../shared/proposals/deps.js';
import type { ActionLink, AuditEvent, Outcome, ProposalRecord } from '../../shared/proposals/proposal-records.js';
import { ProposalConflict, type ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { runReviewTask } from '../../shared/proposals/review-steps.js';
import { aConfig, aDecisionLink, anOutcome, aProposalRecord, decisionStepId, decisionToken, rejectionOf, sealedForDecision } from '../support/fixtures.js';

const config = aConfig();
const baseUrl = config.PUBLIC_BASE_URL;
const ownPage = { origin: baseUrl };

/** 2027-02-02 10:00 WIB: `aDecisionLink()` was opened a day ago and expires in two days. */
const now = new Date('2027-02-02T03:00:00.000Z');
const stepId = decisionStepId;
/** The token of `aDecisionLink()`: minted from the config's LINK_SECRET for `stepId`. */
const token = decisionToken;

type ConsumeArgs = Parameters<ProposalRepository['consumeStep']>[0];

/**
 * The repository's conditional writes, in memory: a link is used only while it is pending,
 * holds the task token that was read and has not expired; otherwise a ProposalConflict carries
 * what is stored now, as the real repository does.
 */
class InMemoryProposals {
  readonly links = new Map<string, LinkRecord>();
  readonly proposals = new Map<string, ProposalRecord>();
  readonly consumed: ConsumeArgs[] = [];
  readonly rebound: { hash: string; sealedTaskToken: string; proposalId: string; event: AuditEvent }[] = [];
  /** Runs just before each write lands: lets a test play another request getting there first. */
  beforeWrite: () => void = () => undefined;

  async getLink(hash: string): Promise<LinkRecord | undefined> {
    return structuredClone(this.links.get(hash));
  }

  async getProposal(id: string): Promise<ProposalRecord | undefined> {
    return structuredClone(this.proposals.get(id));
  }

  async consumeStep(args: ConsumeArgs): Promise<void> {
    this.consumed.push(structuredClone(args));
    this.beforeWrite();
    const current = this.actionLink(args.link.hash);
    const proposal = this.proposals.get(args.link.subject.id);
    const inReview = args.proposalChange !== undefined || args.link.step !== 'review' || proposal?.status === 'IN_REVIEW';
    if (current?.state !== 'PENDING' || current.sealedTaskToken !== args.link.sealedTaskToken || current.expiresAt <= args.outcome.decidedAt || !inReview)
      throw this.conflict(args.link.hash, args.link.subject.id);
    current.state = 'USED';
    current.outcome = args.outcome;
  }

  async rebindStep(hash: string, sealedTaskToken: string, subject: Subject, event: AuditEvent): Promise<void> {
    const proposalId = subject.id;
    this.rebound.push({ hash, sealedTaskToken, proposalId, event });
    this.beforeWrite();
    const current = this.actionLink(hash);
    if (current?.state !== 'PENDING') throw this.conflict(hash, proposalId);
    current.sealedTaskToken = sealedTaskToken;
  }

  async expireStep(hash: string, subject: Subject, fromStatuses: string[]): Promise<void> {
    const proposalId = subject.id;
    this.beforeWrite();
    const current = this.actionLink(hash);
    const proposal = this.proposals.get(proposalId);
    if (current?.state !== 'PENDING' || !proposal || !fromStatuses.includes(proposal.status)) throw this.conflict(hash, proposalId);
    current.state = 'EXPIRED';
    proposal.status = 'EXPIRED';
  }

  readonly closed: { proposalId: string; toStatus: string; eventType: string }[] = [];
  readonly events: AuditEvent[] = [];

  async history(proposalId: string): Promise<AuditEvent[]> {
    return this.events.filter((e) => e.proposalId === proposalId);
  }

  async closeProposal(args: {
    proposalId: string;
    fromStatuses: ProposalRecord['status'][];
    toStatus: ProposalRecord['status'];
    event: AuditEvent;
  }): Promise<void> {
    this.beforeWrite();
    const proposal = this.proposals.get(args.proposalId);
    if (!proposal || !args.fromStatuses.includes(proposal.status)) throw new ProposalConflict(undefined, structuredClone(proposal));
    proposal.status = args.toStatus;
    this.events.push(args.event);
    this.closed.push({ proposalId: args.proposalId, toStatus: args.toStatus, eventType: args.event.type });
  }

  private actionLink(hash: string): ActionLink | undefined {
    const link = this.links.get(hash);
    return link?.kind === 'step' ? (link as ActionLink) : undefined;
  }

  private conflict(hash: string, proposalId: string): ProposalConflict {
    return new ProposalConflict(structuredClone(this.links.get(hash)), structuredClone(this.proposals.get(proposalId)));
  }
}

class RecordingWorkflows implements Workflows {
  readonly completed: { taskToken: string; output: Record<string, unknown> }[] = [];
  answer: () => Promise<'delivered' | 'gone'> = async () => 'delivered';

  async start(name: string): Promise<{ executionArn: string }> {
    return { executionArn: `arn:aws:states:ap-southeast-3:123456789012:execution:proposal-review:${name}` };
  }

  async complete(taskToken: string, output: Record<string, unknown>): Promise<'delivered' | 'gone'> {
    this.completed.push({ taskToken, output });
    return this.answer();
  }
}

class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}

let repo: InMemoryProposals;
let workflows: RecordingWorkflows;
let mailer: RecordingMailer;
let deps: ProposalDeps;

beforeEach(() => {
  repo = new InMemoryProposals();
  workflows = new RecordingWorkflows();
  mailer = new RecordingMailer();
  deps = { repo: repo as unknown as ProposalRepository, workflows, mailer, clock: { now: () => now }, config };
  repo.proposals.set('p-1', aProposalRecord());
  repo.links.set(hashToken(token), aDecisionLink());
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The fields the decision page posts, with a proof issued an hour ago. */
function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { decision: 'approve', proof: pageProof('page-secret-of-this-link', now.getTime() - 3_600_000), ...overrides };
}

function expectNothingWritten(): void {
  expect(repo.consumed).toHaveLength(0);
  expect(workflows.completed).toHaveLength(0);
  expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'PENDING' });
}

describe('decide', () => {
  it('uses the link once and hands the decision to the waiting step', async () => {
    // Act
    const result = await decide(token, formFields(), { lang: 'id', headers: ownPage, requestId: 'req-1' }, deps);

    // Assert
    const expected: Outcome = { action: 'approve', decidedAt: now.toISOString(), decidedBy: { name: 'Bambang Koordinator', email: 'bambang@surakarta.go.id' } };
    expect(result.outcome).toEqual(expected);
    expect(repo.consumed).toHaveLength(1);
    expect(openTaskToken(repo.consumed[0]!.link.sealedTaskToken, token)).toBe('task-token-1');
    expect(repo.consumed[0]!.outcome).toEqual(expected);
    expect(repo.consumed[0]!.event).toMatchObject({
      proposalId: 'p-1',
      key: `${stepId}:decided`,
      type: 'decided',
      action: 'approve',
      level: 1,
      requestId: 'req-1',
    });
    expect(workflows.completed).toEqual([{ taskToken: 'task-token-1', output: { ...expected } }]);
    expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'USED', outcome: expected });
  });

  it('passes the trimmed reason of a rejection on', async () => {
    await decide(token, formFields({ decision: 'reject', comment: '  Ruang lingkup belum jelas.  ' }), { lang: 'en', headers: ownPage }, deps);

    expect(workflows.completed[0]!.output).toMatchObject({ action: 'reject', comment: 'Ruang lingkup belum jelas.' });
  });

  it('accepts "Origin: null" when the browser says the request is same-origin', async () => {
    const result = await decide(token, formFields(), { lang: 'id', headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } }, deps);

    expect(result.outcome.action).toBe('approve');
  });

  it('refuses a POST without an Origin, without writing', async () => {
    const error = await rejectionOf(decide(token, formFields(), { lang: 'id', headers: {} }, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expectNothingWritten();
  });

  it('refuses a POST from another origin, without writing', async () => {
    const error = await rejectionOf(decide(token, formFields(), { lang: 'en', headers: { origin: 'https://scanner.example' } }, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expectNothingWritten();
  });

  it('refuses a proof signed for another link, without writing', async () => {
    const fields = formFields({ proof: pageProof('page-secret-of-another-link', now.getTime()) });

    const error = await rejectionOf(decide(token, fields, { lang: 'en', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toContain('Reload the page');
    expectNothingWritten();
  });

  it('refuses a page shown more than a day ago, without writing', async () => {
    const fields = formFields({ proof: pageProof('page-secret-of-this-link', now.getTime() - 24 * 3_600_000 - 1) });

    const error = await rejectionOf(decide(token, fields, { lang: 'id', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ForbiddenError);
    expectNothingWritten();
  });

  it('refuses a POST without a proof, without writing', async () => {
    const { proof: _proof, ...fields } = formFields();

    const error = await rejectionOf(decide(token, fields, { lang: 'id', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expectNothingWritten();
  });

  it.each([
    ['id', 'Pilih salah satu keputusan: Setujui, Tolak atau Minta perbaikan.'],
    ['en', 'Choose one decision: Approve, Reject or Ask for revision.'],
  ] as const)('asks to choose when the page was sent with no decision chosen, as a scanner pressing its button does (%s)', async (lang, message) => {
    const { decision: _decision, ...fields } = formFields({ comment: 'Sudah sesuai.' });

    const error = await rejectionOf(decide(token, fields, { lang, headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message }]);
    expectNothingWritten();
  });

  it('names only the choices the link offers when none was chosen', async () => {
    repo.links.set(hashToken(token), aDecisionLink({ actions: ['approve', 'reject'] }));
    const { decision: _decision, ...fields } = formFields();

    const error = await rejectionOf(decide(token, fields, { lang: 'en', headers: ownPage }, deps));

    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message: 'Choose one decision: Approve or Reject.' }]);
    expectNothingWritten();
  });

  it('refuses a choice the step does not offer, without writing', async () => {
    repo.links.set(hashToken(token), aDecisionLink({ actions: ['approve', 'reject'] }));

    const error = await rejectionOf(decide(token, formFields({ decision: 'revise', comment: 'Mohon diperbaiki.' }), { lang: 'en', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message: 'This choice is not available at this step.' }]);
    expectNothingWritten();
  });

  it('refuses a decision that is none of approve, reject or revise, without writing', async () => {
    const error = await rejectionOf(decide(token, formFields({ decision: 'maybe' }), { lang: 'id', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['decision']);
    expectNothingWritten();
  });

  it.each([
    ['id', 'Harus salah satu dari: Setujui, Tolak, Minta perbaikan.'],
    ['en', 'Must be one of: Approve, Reject, Ask for revision.'],
  ] as const)('names the choices of an unknown decision as its buttons do (%s)', async (lang, message) => {
    const error = await rejectionOf(decide(token, formFields({ decision: 'maybe' }), { lang, headers: ownPage }, deps));

    expect((error as ValidationError).issues).toEqual([{ path: 'decision', message }]);
  });

  it.each(['reject', 'revise'])('refuses to %s without a reason, without writing', async (decision) => {
    const error = await rejectionOf(decide(token, formFields({ decision }), { lang: 'id', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'comment', message: 'Tuliskan alasannya untuk pengusul.' }]);
    expectNothingWritten();
  });

  it('refuses a reason made only of spaces, without writing', async () => {
    const error = await rejectionOf(decide(token, formFields({ decision: 'reject', comment: '   ' }), { lang: 'en', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expectNothingWritten();
  });

  it('answers 404 for a token it does not know, and for one that is not a token', async () => {
    const unknown = mintToken(config.LINK_SECRET, {}, 'decision', 'p-2:r1:l1:primary');

    await expect(decide(unknown, formFields(), { lang: 'id', headers: ownPage }, deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(decide('not-a-token', formFields(), { lang: 'id', headers: ownPage }, deps)).rejects.toBeInstanceOf(NotFoundError);
    expectNothingWritten();
  });

  it('refuses an expired link as closed, without writing', async () => {
    repo.links.set(hashToken(token), aDecisionLink({ expiresAt: '2027-02-02T02:00:00.000Z' }));

    const error = await rejectionOf(decide(token, formFields(), { lang: 'id', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(LinkClosedError);
    expect((error as LinkClosedError).reason).toBe('expired');
    expect(repo.consumed).toHaveLength(0);
  });

  it('counts the decision when the wait has already ended ("gone")', async () => {
    workflows.answer = async () => 'gone';

    const result: DecisionResult = await decide(token, formFields(), { lang: 'id', headers: ownPage }, deps);

    expect(result.outcome.action).toBe('approve');
    expect(workflows.completed).toHaveLength(1);
    expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'USED' });
  });

  it('counts the decision when the workflow engine cannot be reached, leaving it to the next step', async () => {
    workflows.answer = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };

    const result = await decide(token, formFields(), { lang: 'id', headers: ownPage }, deps);

    expect(result.outcome.action).toBe('approve');
    expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'USED' });
  });

  it('says who decided when another click used the link first, and re-sends that decision to its wait', async () => {
    // Arrange: the other click's write lands between this request's read and its write.
    const earlier = anOutcome({ action: 'reject', comment: 'Belum sesuai.', decidedAt: '2027-02-02T02:59:00.000Z' });
    repo.beforeWrite = () => {
      repo.links.set(hashToken(token), aDecisionLink({ state: 'USED', outcome: earlier }));
    };

    // Act
    const error = await rejectionOf(decide(token, formFields(), { lang: 'en', headers: ownPage }, deps));

    // Assert
    expect(error).toBeInstanceOf(LinkUsedError);
    expect((error as LinkUsedError).outcome).toEqual(earlier);
    expect(repo.consumed).toHaveLength(1);
    // The other click's decision, re-sent in case its own hand-over was lost; never this one.
    expect(workflows.completed).toEqual([{ taskToken: 'task-token-1', output: { ...earlier } }]);
  });

  it('refuses as expired a decision on a link whose proposal is no longer in review', async () => {
    repo.proposals.set('p-1', aProposalRecord({ status: 'EXPIRED' }));

    const error = await rejectionOf(decide(token, formFields(), { lang: 'en', headers: ownPage }, deps));

    expect(error).toBeInstanceOf(LinkClosedError);
    expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'PENDING' });
    expect(workflows.completed).toHaveLength(0);
  });

  it('retries on the new wait when a reminder re-bound the link meanwhile', async () => {
    let rebinds = 0;
    repo.beforeWrite = () => {
      if (rebinds++ === 0) repo.links.set(hashToken(token), aDecisionLink({ sealedTaskToken: sealedForDecision('task-token-2') }));
    };

    const result = await decide(token, formFields(), { lang: 'id', headers: ownPage }, deps);

    expect(result.outcome.action).toBe('approve');
    expect(repo.consumed.map((c) => openTaskToken(c.link.sealedTaskToken, token))).toEqual(['task-token-1', 'task-token-2']);
    expect(workflows.completed.map((c) => c.taskToken)).toEqual(['task-token-2']);
  });
});

describe('runReviewTask: remind', () => {
  it('sends the same link again and binds it to the reminder wait', async () => {
    // Act
    const answer = await runReviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-2' }, deps);

    // Assert
    expect(answer).toEqual({});
    expect(repo.rebound).toHaveLength(1);
    expect(repo.rebound[0]).toMatchObject({
      hash: hashToken(token),
      proposalId: 'p-1',
      event: { type: 'reminder-sent', key: `${stepId}:reminder` },
    });
    expect(openTaskToken(repo.rebound[0]!.sealedTaskToken, token)).toBe('task-token-2');
    expect(repo.links.get(hashToken(token))).toMatchObject({ state: 'PENDING', sealedTaskToken: repo.rebound[0]!.sealedTaskToken });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toBe('bambang@surakarta.go.id');
    expect(mailer.sent[0]!.text).toContain(`${baseUrl}/decide/${token}`);
    expect(workflows.completed).toHaveLength(0);
  });

  it('hands a decision made while the previous wait ended to the new wait, and sends no email', async () => {
    // Arrange
    const decided = anOutcome({ action: 'approve', comment: 'Lanjutkan.', decidedAt: '2027-02-02T02:59:59.000Z' });
    repo.links.set(hashToken(token), aDecisionLink({ state: 'USED', outcome: decided }));

    // Act
    const answer = await runReviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-2' }, deps);

    // Assert
    expect(answer).toEqual({});
    expect(workflows.completed).toEqual([{ taskToken: 'task-token-2', output: { ...decided } }]);
    expect(mailer.sent).toHaveLength(0);
  });

  it('lets the conflict through when the link was superseded, sending nothing', async () => {
    repo.links.set(hashToken(token), aDecisionLink({ state: 'SUPERSEDED' }));

    const error = await rejectionOf(runReviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-2' }, deps));

    expect(error).toBeInstanceOf(ProposalConflict);
    expect(workflows.completed).toHaveLength(0);
    expect(mailer.sent).toHaveLength(0);
  });
});

describe('runReviewTask: expire', () => {
  const backupStep = 'p-1:r1:l1:backup';
  const backupHash = hashToken(mintToken(config.LINK_SECRET, {}, 'decision', backupStep));

  beforeEach(() => {
    repo.links.set(backupHash, aDecisionLink({ hash: backupHash, stepId: backupStep, attempt: 'backup' }));
  });

  it('ends the proposal EXPIRED and tells the proposer', async () => {
    const answer = await runReviewTask({ action: 'expire', proposalId: 'p-1', level: 1 }, deps);

    expect(answer).toEqual({ outcome: 'expired' });
    expect(repo.proposals.get('p-1')?.status).toBe('EXPIRED');
    expect(mailer.sent.map((m) => m.to)).toEqual([aProposalRecord().data.contact.email]);
  });

  it('still tells the proposer when a retried task finds its first attempt already committed', async () => {
    repo.proposals.set('p-1', aProposalRecord({ status: 'EXPIRED' }));
    repo.links.set(backupHash, aDecisionLink({ hash: backupHash, stepId: backupStep, attempt: 'backup', state: 'EXPIRED' }));

    const answer = await runReviewTask({ action: 'expire', proposalId: 'p-1', level: 1 }, deps);

    expect(answer).toEqual({ outcome: 'expired' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('carries on a decision that the backup made just in time, and sends no expiry mail', async () => {
    const late = anOutcome({ action: 'approve' });
    repo.links.set(backupHash, aDecisionLink({ hash: backupHash, stepId: backupStep, attempt: 'backup', state: 'USED', outcome: late }));

    const answer = await runReviewTask({ action: 'expire', proposalId: 'p-1', level: 1 }, deps);

    expect(answer).toEqual({ outcome: 'decided', ...late });
    expect(repo.proposals.get('p-1')?.status).toBe('IN_REVIEW');
    expect(mailer.sent).toHaveLength(0);
  });
});

describe('runReviewTask: closeAfterFailure', () => {
  it('closes a proposal still in review as EXPIRED with a failed event, and tells the proposer and the coordinator', async () => {
    const answer = await runReviewTask({ action: 'closeAfterFailure', proposalId: 'p-1' }, deps);

    expect(answer).toEqual({});
    expect(repo.closed).toEqual([{ proposalId: 'p-1', toStatus: 'EXPIRED', eventType: 'failed' }]);
    expect(mailer.sent.map((m) => m.to)).toEqual([config.APPROVAL_CHAIN[0]!.approver.email, aProposalRecord().data.contact.email]);
    expect(mailer.sent[1]!.text).toContain('gangguan teknis');
  });

  it('sends the emails again when a retried task finds its first attempt closed the proposal', async () => {
    await runReviewTask({ action: 'closeAfterFailure', proposalId: 'p-1' }, deps);
    mailer.sent.length = 0;

    await runReviewTask({ action: 'closeAfterFailure', proposalId: 'p-1' }, deps);

    expect(mailer.sent).toHaveLength(2);
    expect(repo.closed).toHaveLength(1);
  });

  it('still tells the coordinator when the proposer cannot be mailed, and fails so the task is retried', async () => {
    const proposerAddress = aProposalRecord().data.contact.email;
    mailer.send = async (mail) => {
      if (mail.to === proposerAddress) throw Object.assign(new Error('rejected'), { name: 'MessageRejected' });
      mailer.sent.push(mail);
    };

    const error = await rejectionOf(runReviewTask({ action: 'closeAfterFailure', proposalId: 'p-1' }, deps));

    expect((error as Error).name).toBe('MessageRejected');
    expect(mailer.sent.map((m) => m.to)).toEqual([config.APPROVAL_CHAIN[0]!.approver.email]);
  });

  it('leaves a proposal that already reached a final status alone', async () => {
    repo.proposals.set('p-1', aProposalRecord({ status: 'APPROVED' }));

    await runReviewTask({ action: 'closeAfterFailure', proposalId: 'p-1' }, deps);

    expect(repo.closed).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });
});

describe('runReviewTask: a replayed review whose step was escalated before', () => {
  const backupStep = 'p-1:r1:l1:backup';
  const backupToken = mintToken(config.LINK_SECRET, {}, 'decision', backupStep);
  const backupHash = hashToken(backupToken);

  beforeEach(() => {
    repo.links.set(hashToken(token), aDecisionLink({ state: 'SUPERSEDED' }));
    repo.links.set(
      backupHash,
      aDecisionLink({ hash: backupHash, stepId: backupStep, attempt: 'backup', holder: { ...config.APPROVAL_CHAIN[0]!.backup, language: 'id' } }),
    );
  });

  it('binds the open backup link to the new wait and sends the backup that same link again', async () => {
    await runReviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-9' }, deps);

    const backup = repo.links.get(backupHash) as ActionLink;
    expect(backup.state).toBe('PENDING');
    expect(openTaskToken(backup.sealedTaskToken, backupToken)).toBe('task-token-9');
    expect(mailer.sent.map((m) => m.to)).toEqual([config.APPROVAL_CHAIN[0]!.backup.email]);
    expect(mailer.sent[0]!.text).toContain(`/decide/${backupToken}`);
  });

  it('carries on a decision the backup already made', async () => {
    const made = anOutcome({ action: 'approve' });
    repo.links.set(backupHash, aDecisionLink({ hash: backupHash, stepId: backupStep, attempt: 'backup', state: 'USED', outcome: made }));

    await runReviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-9' }, deps);

    expect(workflows.completed).toEqual([{ taskToken: 'task-token-9', output: { ...made } }]);
    expect(mailer.sent).toHaveLength(0);
  });
});

describe('showDecision', () => {
  it('shows the choice while the proposal is in review', async () => {
    const view = await showDecision(token, 'id', deps);
    expect(view.link.actions).toEqual(['approve', 'reject', 'revise']);
  });

  it('offers no choice any more on a pending link whose review was closed', async () => {
    repo.proposals.set('p-1', aProposalRecord({ status: 'EXPIRED' }));
    expect(await rejectionOf(showDecision(token, 'id', deps))).toBeInstanceOf(LinkClosedError);
  });
});
