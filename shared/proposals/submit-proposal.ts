import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, UnavailableError, ValidationError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { TrackLink } from '../kernel/steps/step-link.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import { countAnonymousSubmission } from '../kernel/store/rate-limit.js';
import { createdOf } from '../kernel/store/table-store.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import { urls, type WorkflowDeps } from './deps.js';
import { ProposalInput } from './proposal.schema.js';
import type { AuditEvent, ProposalRecord } from './proposal-records.js';

export interface SubmitResult {
  id: string;
  status: 'SUBMITTED';
  trackingUrl: string;
}

/** Checks that need the clock: a partnership cannot start in the past. */
export function checkProposalDates(input: ProposalInput, now: Date, lang: Language): void {
  if (input.startDate < todayInWib(now))
    throw new ValidationError(
      [{ path: 'startDate', message: lang === 'id' ? 'Tanggal mulai tidak boleh sebelum hari ini.' : 'The start date cannot be before today.' }],
      lang,
    );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A partner submits a proposal: it is stored with its tracking link and first audit event,
 * then its review workflow starts. If the workflow cannot start, the stored records are
 * removed again so no proposal sits without a workflow. With an idempotency key, a retry
 * gets the first answer back instead of a second proposal.
 */
export async function submitProposal(
  raw: unknown,
  ctx: { lang: Language; idempotencyKey?: string; requestId?: string; clientAddress?: string },
  deps: WorkflowDeps,
): Promise<SubmitResult> {
  const now = deps.clock.now();
  await countAnonymousSubmission(deps.repo, ctx.clientAddress, deps.config.ANONYMOUS_SUBMISSIONS_PER_HOUR, now, ctx.lang);
  const input = parseOrThrow(ProposalInput, raw, ctx.lang);
  checkProposalDates(input, now, ctx.lang);

  const idempotency = ctx.idempotencyKey ? { keyHash: sha256(`proposal\n${ctx.idempotencyKey}`), requestHash: sha256(JSON.stringify(input)) } : undefined;
  if (idempotency) {
    const earlier = await replay(idempotency, ctx.lang, deps);
    if (earlier) return earlier;
  }

  const id = randomUUID();
  const at = now.toISOString();
  const keyVersion = deps.config.LINK_SECRET.current;
  const proposal: ProposalRecord = { id, status: 'SUBMITTED', round: 1, data: input, createdAt: at, updatedAt: at, keyVersion };
  const token = mintToken(deps.config.LINK_SECRET, proposal, 'track', id);
  const result = submitted(proposal, deps);
  const track: TrackLink = { kind: 'track', hash: hashToken(token), subject: { type: 'proposal', id }, createdAt: at };
  const event: AuditEvent = {
    proposalId: id,
    key: 'r1:submitted',
    type: 'submitted',
    at,
    actor: { role: 'proposer', name: input.contact.name, email: input.contact.email },
    toStatus: 'SUBMITTED',
    round: 1,
    requestId: ctx.requestId,
  };

  try {
    await deps.repo.createProposal(proposal, track, event, idempotency && { ...idempotency, createdId: id, keyVersion });
  } catch (error) {
    // Two requests with the same key at once: the loser answers with the winner's result.
    if (idempotency && (error as Error).name === 'TransactionCanceledException') {
      const earlier = await replay(idempotency, ctx.lang, deps);
      if (earlier) return earlier;
    }
    throw error;
  }

  try {
    const { executionArn } = await deps.workflows.start(`proposal-${id}`, { proposalId: id });
    logger.info('proposal submitted', { proposalId: id, executionArn });
  } catch (error) {
    // The name is unique to this proposal: "already exists" means an earlier attempt started it.
    if ((error as Error).name !== 'ExecutionAlreadyExists') {
      logger.error('could not start the review workflow; removing the proposal', { proposalId: id, errorName: (error as Error).name });
      const removed = await deps.repo.deleteProposal(proposal, track, event, idempotency?.keyHash).then(
        () => true,
        (cleanup: Error) => {
          // Left behind: a SUBMITTED proposal with no workflow, which this log line names for repair.
          logger.error('could not remove the proposal whose workflow did not start', { proposalId: id, errorName: cleanup.name });
          return false;
        },
      );
      const inIndonesian = ctx.lang === 'id';
      throw new UnavailableError(
        removed
          ? inIndonesian
            ? 'Usulan belum dapat diproses saat ini. Tidak ada yang tersimpan; silakan coba lagi sebentar lagi.'
            : 'The proposal cannot be processed right now. Nothing was stored; please try again shortly.'
          : inIndonesian
            ? 'Usulan belum dapat diproses saat ini. Silakan coba lagi sebentar lagi.'
            : 'The proposal cannot be processed right now. Please try again shortly.',
      );
    }
  }
  return result;
}

/** The answer to a submission: the proposal's id, and its private tracking link (minted again from the id and key version, never stored). */
function submitted(proposal: { id: string; keyVersion?: string }, deps: Pick<WorkflowDeps, 'config'>): SubmitResult {
  return { id: proposal.id, status: 'SUBMITTED', trackingUrl: urls.track(deps.config, mintToken(deps.config.LINK_SECRET, proposal, 'track', proposal.id)) };
}

async function replay(idempotency: { keyHash: string; requestHash: string }, lang: Language, deps: WorkflowDeps): Promise<SubmitResult | undefined> {
  const earlier = await deps.repo.getIdempotency(idempotency.keyHash);
  if (!earlier) return undefined;
  if (earlier.requestHash !== idempotency.requestHash)
    throw new ConflictError(
      lang === 'id' ? 'Idempotency-Key ini sudah dipakai untuk usulan lain.' : 'This Idempotency-Key was already used for a different proposal.',
    );
  const created = createdOf(earlier);
  return created && submitted(created, deps);
}
