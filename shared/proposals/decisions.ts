import * as z from 'zod/mini';
import { UnavailableError, ValidationError } from '../errors.js';
import type { Language } from '../i18n.js';
import { assertOpen, assertSameOrigin, LinkClosedError } from '../links/link-errors.js';
import { pageProof } from '../links/tokens.js';
import { assertActionable, assertPageProof, findActionLink } from './action-links.js';
import { logger } from '../logger.js';
import { StepConflict } from '../store/proposal-repository.js';
import type { DecisionLink, Outcome, ProposalRecord } from '../store/records.js';
import { parseOrThrow } from '../validation.js';
import type { ReadDeps, RespondDeps } from './deps.js';
import { decisionActions } from './proposal.schema.js';
import { notFound } from './tracking.js';

/** What a decision page shows: the step, the proposal and a fresh anti-forgery value. */
export interface DecisionView {
  link: DecisionLink;
  proposal: ProposalRecord;
  chainLength: number;
  proof: string;
}

/** GET of a decision link: shows the choice and changes nothing, however often it is opened. */
export async function showDecision(token: string, lang: Language, deps: ReadDeps): Promise<DecisionView> {
  const { link, proposal } = await findActionLink('decision', token, lang, deps);
  const now = deps.clock.now();
  assertActionable(link, proposal, now, lang);
  return { link, proposal, chainLength: deps.config.APPROVAL_CHAIN.length, proof: pageProof(link.pageSecret, now.getTime()) };
}

/** The fields a decision page posts. */
const DecisionForm = z.strictObject({
  decision: z.enum(decisionActions),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  proof: z.string().check(z.maxLength(200)),
});

export interface DecisionResult {
  outcome: Outcome;
  proposal: ProposalRecord;
  link: DecisionLink;
}

/**
 * POST of a decision link, made by a person pressing a button on the page: checks the origin
 * and the page's anti-forgery value, consumes the link with one conditional write (so of many
 * concurrent clicks exactly one applies), then hands the decision to the waiting workflow step.
 */
export async function decide(
  token: string,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: RespondDeps,
): Promise<DecisionResult> {
  const { lang } = ctx;
  let { link, proposal } = await findActionLink('decision', token, lang, deps);
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  const form = parseOrThrow(DecisionForm, fields, lang);
  assertPageProof(link, form.proof, deps.clock.now(), lang);
  await assertOpenOrResend(link, lang, deps);
  assertActionable(link, proposal, deps.clock.now(), lang);
  if (!link.actions.includes(form.decision))
    throw new ValidationError([{ path: 'decision', message: lang === 'id' ? 'Pilihan ini tidak tersedia pada tahap ini.' : 'This choice is not available at this step.' }], lang);
  if (form.decision !== 'approve' && !form.comment)
    throw new ValidationError(
      [{ path: 'comment', message: lang === 'id' ? 'Tuliskan alasannya untuk pengusul.' : 'Please write the reason for the proposer.' }],
      lang,
    );

  for (let attempt = 1; ; attempt++) {
    const outcome: Outcome = {
      action: form.decision,
      comment: form.comment || undefined,
      decidedAt: deps.clock.now().toISOString(),
      decidedBy: { name: link.holder.name, email: link.holder.email },
    };
    try {
      await deps.repo.consumeStep({
        link,
        outcome,
        event: {
          proposalId: link.proposalId,
          key: `${link.stepId}:decided`,
          type: 'decided',
          at: outcome.decidedAt,
          actor: { role: link.role, name: link.holder.name, email: link.holder.email },
          level: link.level,
          role: link.role,
          round: link.round,
          action: outcome.action,
          comment: outcome.comment,
          requestId: ctx.requestId,
        },
      });
      await handOver(link, outcome, deps);
      return { outcome, proposal, link };
    } catch (error) {
      if (!(error instanceof StepConflict)) throw error;
      const current = error.link;
      if (!current || current.kind !== 'decision') throw notFound(lang);
      await assertOpenOrResend(current, lang, deps);
      // The link is open but its proposal is no longer in review (its workflow ended): too late.
      if (error.proposal && error.proposal.status !== 'IN_REVIEW') throw new LinkClosedError('expired', lang);
      // Still open: a reminder re-bound the link to a new wait, or another click's write is
      // in flight. Read again and retry a few times, then ask the person to try again.
      if (attempt >= 5) throw busy(lang);
      link = current;
      proposal = error.proposal ?? proposal;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

/**
 * Throws unless the link is open. A used link first re-sends its recorded decision to the wait
 * it was recorded for: if the first hand-over was lost (the function stopped right after the
 * write, or Step Functions did not answer), the next click or reload delivers it, and a wait
 * that already has it just answers that it is gone.
 */
async function assertOpenOrResend(link: DecisionLink, lang: Language, deps: RespondDeps): Promise<void> {
  if (link.state === 'USED' && link.outcome) await handOver(link, link.outcome, deps, 'resent');
  assertOpen(link, deps.clock.now(), lang);
}

function busy(lang: Language): UnavailableError {
  return new UnavailableError(
    lang === 'id'
      ? 'Tautan ini sedang diproses oleh permintaan lain. Tunggu sebentar lalu muat ulang halaman.'
      : 'This link is being handled by another request. Wait a moment, then reload the page.',
  );
}

/**
 * Sends the decision to the waiting step. The decision is already recorded; if the wait has
 * ended meanwhile (its timeout fired), the reminder or escalation step that follows reads the
 * recorded decision and carries it on, so nothing is lost either way.
 */
async function handOver(link: DecisionLink, outcome: Outcome, deps: RespondDeps, why: 'first' | 'resent' = 'first'): Promise<void> {
  try {
    const delivered = await deps.workflows.complete(link.taskToken, { ...outcome });
    if (delivered === 'gone' && why === 'first')
      logger.warn('decision recorded after its wait ended; the next step picks it up', { proposalId: link.proposalId });
    if (delivered === 'delivered' && why === 'resent') logger.warn('a decision whose hand-over was lost is delivered now', { proposalId: link.proposalId });
  } catch (error) {
    logger.error('decision recorded but not handed to the workflow yet; the next step picks it up', {
      proposalId: link.proposalId,
      error: (error as Error).name,
    });
  }
}
