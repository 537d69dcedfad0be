import { ForbiddenError, UnavailableError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { Workflows } from '../kernel/ports.js';
import { assertOpen, LinkClosedError } from '../kernel/steps/link-errors.js';
import { hashToken, isValidPageProof, isWellFormedToken } from '../kernel/steps/tokens.js';
import type { ActionLink, DecisionLink, EditLink, LinkRecord, ProposalRecord } from '../kernel/store/records.js';
import type { ProposalDeps, RespondDeps } from './deps.js';
import { StepConflict } from './proposal-repository.js';
import { notFound } from './tracking.js';

/** A page shown for a link stays valid for a day. */
const PAGE_MAX_AGE_MS = 24 * 3_600_000;

type LinkOfKind = { decision: DecisionLink; edit: EditLink };

/** The link a token opens, when the caller has read it already (a route serving several kinds of link reads it once). */
export interface KnownLink {
  link: LinkRecord | undefined;
}

/** Reads the link a token opens, once; undefined for a malformed or unknown token. */
export async function readLink(token: string, repo: { getLink(hash: string): Promise<LinkRecord | undefined> }): Promise<KnownLink> {
  return { link: isWellFormedToken(token) ? await repo.getLink(hashToken(token)) : undefined };
}

/** The action link a token opens, with its proposal; 404 for anything else. */
export async function findActionLink<K extends keyof LinkOfKind>(
  kind: K,
  token: string,
  lang: Language,
  deps: Pick<ProposalDeps, 'repo'>,
  known?: KnownLink,
): Promise<{ link: LinkOfKind[K]; proposal: ProposalRecord }> {
  if (!isWellFormedToken(token)) throw notFound(lang);
  const link = known ? known.link : await deps.repo.getLink(hashToken(token));
  if (!link || link.kind !== kind) throw notFound(lang);
  const proposal = await deps.repo.getProposal(link.proposalId);
  if (!proposal) throw notFound(lang);
  return { link: link as LinkOfKind[K], proposal };
}

/** Refuses a POST whose anti-forgery value was not made by this link's page, or is too old. */
export function assertPageProof(link: Pick<ActionLink, 'pageSecret'>, proof: string, now: Date, lang: Language): void {
  if (!isValidPageProof(link.pageSecret, proof, now.getTime(), PAGE_MAX_AGE_MS))
    throw new ForbiddenError(
      lang === 'id'
        ? 'Halaman ini sudah terlalu lama terbuka atau tidak sah. Muat ulang halaman lalu coba lagi.'
        : 'This page is too old or not genuine. Reload the page and try again.',
    );
}

/** The status a proposal is in while a link of each kind can be acted on. */
const statusWhileOpen = { decision: 'IN_REVIEW', edit: 'REVISION_REQUESTED' } as const;

/**
 * Throws unless a person can still act through the link: the link is open (else 409 or 410)
 * and its proposal is still at the step the link belongs to (a review closed after a failure
 * leaves links pending that must not offer a choice any more: 410).
 */
export function assertActionable(link: DecisionLink | EditLink, proposal: ProposalRecord, now: Date, lang: Language): void {
  assertOpen(link, now, lang);
  if (proposal.status !== statusWhileOpen[link.kind]) throw new LinkClosedError('expired', lang);
}

/** What a used link hands to its wait: the recorded decision, or the resubmission. */
function outputOf(link: DecisionLink | EditLink): Record<string, unknown> | undefined {
  if (link.kind === 'edit') return { outcome: 'resubmitted' };
  return link.outcome && { ...link.outcome };
}

/**
 * Hands what a link recorded to the wait it was recorded for. The record is already written:
 * if the wait has ended meanwhile (its timeout fired), the reminder, escalation or expiry step
 * that follows reads the record and carries it on, so nothing is lost either way. `about`
 * names the link's subject and kind for the log (never its token).
 */
export async function deliver(
  taskToken: string,
  output: Record<string, unknown>,
  about: Record<string, string>,
  deps: { workflows: Pick<Workflows, 'complete'> },
  why: 'first' | 'resent',
): Promise<void> {
  try {
    const delivered = await deps.workflows.complete(taskToken, output);
    if (delivered === 'gone' && why === 'first') logger.warn('recorded after its wait ended; the next step picks it up', about);
    if (delivered === 'delivered' && why === 'resent') logger.warn('a record whose hand-over was lost is delivered now', about);
  } catch (error) {
    logger.error('recorded but not handed to the workflow yet; the next step picks it up', { ...about, errorName: (error as Error).name });
  }
}

/** Hands what a proposal's link recorded to its wait (see deliver). */
export async function handOver(link: DecisionLink | EditLink, deps: Pick<RespondDeps, 'workflows'>, why: 'first' | 'resent' = 'first'): Promise<void> {
  const output = outputOf(link);
  if (output) await deliver(link.taskToken, output, { proposalId: link.proposalId, link: link.kind }, deps, why);
}

/**
 * Throws unless a person can act through the link now. A used link first re-sends what it
 * recorded: if the first hand-over was lost (the function stopped right after the write, or
 * Step Functions did not answer), a later POST delivers it; a wait that has it says it is gone.
 */
export async function assertActionableOrResend(
  link: DecisionLink | EditLink,
  proposal: ProposalRecord,
  lang: Language,
  deps: Pick<RespondDeps, 'workflows' | 'clock'>,
): Promise<void> {
  if (link.state === 'USED') await handOver(link, deps, 'resent');
  assertActionable(link, proposal, deps.clock.now(), lang);
}

/**
 * Uses a link exactly once with `write` (one conditional transaction). While the link stays
 * open but the write does not apply (a reminder re-bound it to a new wait, or another click's
 * write is in flight), `recheck` reads it again — throwing 409, 410 or 404 when it can no
 * longer be used, else answering it as it is now — and the write is tried a few more times;
 * then the person is asked to try again. Returns the link as it was used.
 */
export async function retryWhileOpen<L>(link: L, write: (current: L) => Promise<void>, recheck: (conflict: unknown) => Promise<L>, lang: Language): Promise<L> {
  let current = link;
  for (let attempt = 1; ; attempt++) {
    try {
      await write(current);
      return current;
    } catch (error) {
      const now = await recheck(error);
      if (attempt >= 5)
        throw new UnavailableError(
          lang === 'id'
            ? 'Tautan ini sedang diproses oleh permintaan lain. Tunggu sebentar lalu muat ulang halaman.'
            : 'This link is being handled by another request. Wait a moment, then reload the page.',
        );
      current = now;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/** retryWhileOpen for a proposal's decision or edit link. */
export function useOnce<L extends DecisionLink | EditLink>(
  link: L,
  write: (current: L) => Promise<void>,
  lang: Language,
  deps: Pick<RespondDeps, 'workflows' | 'clock'>,
): Promise<L> {
  return retryWhileOpen(
    link,
    write,
    async (error) => {
      if (!(error instanceof StepConflict)) throw error;
      if (error.link?.kind !== link.kind || !error.proposal) throw notFound(lang);
      await assertActionableOrResend(error.link as L, error.proposal, lang, deps);
      return error.link as L;
    },
    lang,
  );
}
