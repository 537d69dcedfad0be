import { ForbiddenError, NotFoundError, UnavailableError } from '../errors.js';
import type { Language } from '../i18n.js';
import { logger } from '../logger.js';
import type { Workflows } from '../ports.js';
import { assertOpen, LinkClosedError } from './link-errors.js';
import { type LinkRecord, StepConflict, type StepLink, type StepOutcome } from './step-link.js';
import { openTaskToken } from './task-token-seal.js';
import { hashToken, isValidPageProof, isWellFormedToken, pageProof } from './tokens.js';

/**
 * The link side of a human step, the same for every workflow: find the link a token opens,
 * show its page (GET and HEAD change nothing), and use it once from a POST made on that page
 * (Origin, page proof, one conditional write), then hand what was recorded to the waiting task.
 * A second use answers 409 with who decided, a closed step 410, an unknown token 404.
 */

/** A page shown for a link stays valid for a day. */
const PAGE_MAX_AGE_MS = 24 * 3_600_000;

export function notFound(lang: Language): NotFoundError {
  return new NotFoundError(lang === 'id' ? 'Tautan ini tidak dikenal.' : 'This link is not known.');
}

/** The public address of every decision page, whatever workflow's step it decides. */
export const decideUrl = (config: { PUBLIC_BASE_URL: string }, token: string) => `${config.PUBLIC_BASE_URL}/decide/${token}`;

/** The public address of every private tracking page, whatever its subject. */
export const trackUrl = (config: { PUBLIC_BASE_URL: string }, token: string) => `${config.PUBLIC_BASE_URL}/track/${token}`;

/** The link a token opens, when the caller has read it already (a route serving several kinds of link reads it once). */
export interface KnownLink {
  link: LinkRecord | undefined;
}

/** Reads the link a token opens, once; undefined for a malformed or unknown token. */
export async function readLink(token: string, store: { getLink(hash: string): Promise<LinkRecord | undefined> }): Promise<KnownLink> {
  return { link: isWellFormedToken(token) ? await store.getLink(hashToken(token)) : undefined };
}

/** A step link with the subject it acts on, as read now. */
export interface FoundStep<L extends StepLink, R> {
  link: L;
  subject: R;
}

/**
 * The step link a token opens, if it is one of `steps` (the steps whose pages this route
 * shows), with its subject loaded by the workflow; undefined otherwise.
 */
export async function findStep<L extends StepLink, R>(
  token: string,
  steps: readonly string[],
  load: (link: L) => Promise<R | undefined>,
  store: { getLink(hash: string): Promise<LinkRecord | undefined> },
  known?: KnownLink,
): Promise<FoundStep<L, R> | undefined> {
  const { link } = known ?? (await readLink(token, store));
  if (link?.kind !== 'step' || !steps.includes(link.step)) return undefined;
  const subject = await load(link as L);
  return subject && { link: link as L, subject };
}

/** Refuses a POST whose anti-forgery value was not made by this link's page, or is too old. */
export function assertPageProof(link: { pageSecret?: string }, proof: string, now: Date, lang: Language): void {
  if (!link.pageSecret || !isValidPageProof(link.pageSecret, proof, now.getTime(), PAGE_MAX_AGE_MS))
    throw new ForbiddenError(
      lang === 'id'
        ? 'Halaman ini sudah terlalu lama terbuka atau tidak sah. Muat ulang halaman lalu coba lagi.'
        : 'This page is too old or not genuine. Reload the page and try again.',
    );
}

/** A fresh anti-forgery value for the page a link shows. */
export const proofFor = (link: { pageSecret: string }, now: Date) => pageProof(link.pageSecret, now.getTime());

/**
 * Throws unless a person can still act through the link: the link is open (else 409 or 410)
 * and its subject is still at the link's step (a workflow closed after a failure leaves links
 * pending that must not offer a choice any more: 410).
 */
export function assertActionable(link: StepLink, subjectStatus: string, statusWhileOpen: string, now: Date, lang: Language): void {
  assertOpen(link, now, lang);
  if (subjectStatus !== statusWhileOpen) throw new LinkClosedError('expired', lang);
}

/**
 * Hands what a link recorded to the wait it was recorded for, opening the link's sealed task
 * token with the link's own token. The record is already written: if the wait has ended
 * meanwhile (its timeout fired), the reminder, escalation or expiry step that follows reads the
 * record and carries it on, so nothing is lost either way. `about` names the link's subject and
 * step for the log (never a token).
 */
export async function deliver(
  bound: { sealedTaskToken: string; token: string },
  output: Record<string, unknown>,
  about: Record<string, string>,
  deps: { workflows: Pick<Workflows, 'complete'> },
  why: 'first' | 'resent',
): Promise<void> {
  try {
    const delivered = await deps.workflows.complete(openTaskToken(bound.sealedTaskToken, bound.token), output);
    if (delivered === 'gone' && why === 'first') logger.warn('recorded after its wait ended; the next step picks it up', about);
    if (delivered === 'delivered' && why === 'resent') logger.warn('a record whose hand-over was lost is delivered now', about);
  } catch (error) {
    logger.error('recorded but not handed to the workflow yet; the next step picks it up', { ...about, errorName: (error as Error).name });
  }
}

/** Hands what a used step link (opened by `token`) recorded to its wait (see deliver); `answer` is what the wait is handed. */
export async function handOver(
  link: StepLink,
  token: string,
  answer: Record<string, unknown> | undefined,
  deps: { workflows: Pick<Workflows, 'complete'> },
  why: 'first' | 'resent' = 'first',
): Promise<void> {
  if (link.outcome && answer)
    await deliver(
      { sealedTaskToken: link.sealedTaskToken, token },
      answer,
      { subject: link.subject.type, subjectId: link.subject.id, step: link.step },
      deps,
      why,
    );
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

/** How a workflow's link route finds its steps and what their use hands on. */
export interface StepRoute<L extends StepLink, R> {
  /** The steps whose pages this route shows. */
  steps: readonly string[];
  load(link: L): Promise<R | undefined>;
  /** The subject's status now, and the one it is in while the link's step waits. */
  statusOf(subject: R): string;
  statusWhileOpen(link: L): string;
  /** What the wait is handed from a used link. */
  answer(link: L): Record<string, unknown> | undefined;
}

type RouteDeps = { store: { getLink(hash: string): Promise<LinkRecord | undefined> }; workflows: Pick<Workflows, 'complete'>; clock: { now(): Date } };

/**
 * Throws unless a person can act through the link `token` opens now. A used link first re-sends
 * what it recorded: if the first hand-over was lost (the function stopped right after the
 * write, or Step Functions did not answer), a later POST delivers it; a wait that has it says
 * it is gone.
 */
export async function assertActionableOrResend<L extends StepLink>(
  route: Pick<StepRoute<L, never>, 'statusWhileOpen' | 'answer'>,
  token: string,
  link: L,
  subjectStatus: string,
  lang: Language,
  deps: RouteDeps,
): Promise<void> {
  if (link.state === 'USED') await handOver(link, token, route.answer(link), deps, 'resent');
  // The link was read before the subject: a press used it in between when the subject has moved
  // on meanwhile, and the person is told it was decided (409), not that the step is over (410).
  if (link.state === 'PENDING' && subjectStatus !== route.statusWhileOpen(link)) {
    const fresh = await deps.store.getLink(link.hash);
    if (fresh?.kind === link.kind && fresh.state === 'USED') assertOpen(fresh as StepLink, deps.clock.now(), lang);
  }
  assertActionable(link, subjectStatus, route.statusWhileOpen(link), deps.clock.now(), lang);
}

/**
 * Uses the step link `token` opens once with `write` (see retryWhileOpen): on a conflict the
 * link is read afresh and checked again (409, 410, 404 as it now stands). Then hands the
 * outcome to the waiting task. Returns the link as it was when used, and the outcome recorded.
 */
export async function useStepOnce<L extends StepLink, R, O extends StepOutcome>(
  route: StepRoute<L, R>,
  token: string,
  found: FoundStep<L, R>,
  write: (current: L) => Promise<O>,
  lang: Language,
  deps: RouteDeps,
): Promise<{ link: L; outcome: O }> {
  let outcome!: O;
  const used = await retryWhileOpen(
    found.link,
    async (current) => {
      outcome = await write(current);
    },
    async (error) => {
      // The conflict carries the link and its subject's status as they are now.
      if (!(error instanceof StepConflict)) throw error;
      const now = error.link;
      if (now?.kind !== 'step' || now.hash !== found.link.hash || error.status === undefined) throw notFound(lang);
      await assertActionableOrResend(route, token, now as L, error.status, lang, deps);
      return now as L;
    },
    lang,
  );
  const recorded = { ...used, state: 'USED' as const, outcome };
  await handOver(recorded, token, route.answer(recorded), deps, 'first');
  return { link: used, outcome };
}
