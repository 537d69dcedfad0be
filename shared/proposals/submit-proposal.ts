import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, UnavailableError, ValidationError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { confirmationEmail } from '../kernel/mail/confirmation-mail.js';
import { confirmUrl, pendingConfirmation } from '../kernel/steps/confirmation.js';
import type { TrackLink } from '../kernel/steps/step-link.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import { countAnonymousSubmission, countConfirmationMail } from '../kernel/store/rate-limit.js';
import { createdOf } from '../kernel/store/table-store.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import { type SubmitDeps, urls } from './deps.js';
import { ProposalInput } from './proposal.schema.js';
import { proposalConfirmWords } from './proposal-confirmation.js';
import type { ProposalRecord } from './proposal-records.js';

export interface SubmitResult {
  id: string;
  /** A submission waits for its proposer's confirmation (a link mailed to the contact's address). */
  status: 'UNCONFIRMED';
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
 * A partner submits a proposal: it is stored as UNCONFIRMED with its tracking link and its
 * confirmation link, and the contact is mailed the confirmation link; nothing else happens
 * until it is pressed (see proposal-confirmation.ts). If the mail cannot go out, the stored
 * records are removed again, so no proposal waits for a mail that never came. With an
 * idempotency key, a retry gets the first answer back instead of a second proposal.
 */
export async function submitProposal(
  raw: unknown,
  ctx: { lang: Language; idempotencyKey?: string; requestId?: string; clientAddress?: string },
  deps: SubmitDeps,
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
  await countConfirmationMail(deps.repo, input.contact.email, deps.config.CONFIRMATION_MAILS_PER_HOUR, now, ctx.lang);

  const id = randomUUID();
  const at = now.toISOString();
  const keyVersion = deps.config.LINK_SECRET.current;
  const proposal: ProposalRecord = { id, status: 'UNCONFIRMED', round: 1, data: input, createdAt: at, updatedAt: at, keyVersion };
  const token = mintToken(deps.config.LINK_SECRET, proposal, 'track', id);
  const result = submitted(proposal, deps);
  const track: TrackLink = { kind: 'track', hash: hashToken(token), subject: { type: 'proposal', id }, createdAt: at };
  const holder = { name: input.contact.name, email: input.contact.email, language: input.language };
  const confirm = pendingConfirmation(deps.config.LINK_SECRET, proposal, track.subject, holder, input.title, now);

  try {
    await deps.repo.createPendingProposal(proposal, track, confirm, idempotency && { ...idempotency, createdId: id, keyVersion });
  } catch (error) {
    // Two requests with the same key at once: the loser answers with the winner's result.
    if (idempotency && (error as Error).name === 'TransactionCanceledException') {
      const earlier = await replay(idempotency, ctx.lang, deps);
      if (earlier) return earlier;
    }
    throw error;
  }

  try {
    await deps.mailer.send({
      to: input.contact.email,
      ...confirmationEmail({ link: confirm.link, what: proposalConfirmWords.what, confirmUrl: confirmUrl(deps.config, confirm.token) }),
    });
    logger.info('proposal submitted; awaiting confirmation', { proposalId: id });
  } catch (error) {
    logger.error('could not mail the confirmation link; removing the proposal', { proposalId: id, errorName: (error as Error).name });
    const removed = await deps.repo.deletePendingProposal(proposal, track, confirm, idempotency?.keyHash).then(
      () => true,
      (cleanup: Error) => {
        // Left behind: an unconfirmed proposal that its TTL removes within a day.
        logger.error('could not remove the proposal whose confirmation was not mailed', { proposalId: id, errorName: cleanup.name });
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
  return result;
}

/** The answer to a submission: the proposal's id, and its private tracking link (minted again from the id and key version, never stored). */
function submitted(proposal: { id: string; keyVersion?: string }, deps: Pick<SubmitDeps, 'config'>): SubmitResult {
  return { id: proposal.id, status: 'UNCONFIRMED', trackingUrl: urls.track(deps.config, mintToken(deps.config.LINK_SECRET, proposal, 'track', proposal.id)) };
}

async function replay(idempotency: { keyHash: string; requestHash: string }, lang: Language, deps: SubmitDeps): Promise<SubmitResult | undefined> {
  const earlier = await deps.repo.getIdempotency(idempotency.keyHash);
  if (!earlier) return undefined;
  if (earlier.requestHash !== idempotency.requestHash)
    throw new ConflictError(
      lang === 'id' ? 'Idempotency-Key ini sudah dipakai untuk usulan lain.' : 'This Idempotency-Key was already used for a different proposal.',
    );
  const created = createdOf(earlier);
  return created && submitted(created, deps);
}
