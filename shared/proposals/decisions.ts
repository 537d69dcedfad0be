import * as z from 'zod/mini';
import { ValidationError } from '../kernel/errors.js';
import { formFieldsOf } from '../kernel/http/form.js';
import { type Language, orList } from '../kernel/i18n.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import {
  assertActionable,
  assertActionableOrResend,
  assertPageProof,
  findStep,
  type KnownLink,
  notFound,
  proofFor,
  useStepOnce,
} from '../kernel/steps/step-links.js';
import { choiceOf, noHiddenCharacters, parseOrThrow } from '../kernel/validation.js';
import type { ReadDeps, RespondDeps } from './deps.js';
import { decisionActions } from './proposal.schema.js';
import { decisionButtonLabels } from './proposal-labels.js';
import { proposalRoute, statusWhileOpen } from './proposal-links.js';
import type { DecisionLink, Outcome, ProposalRecord } from './proposal-records.js';

/** What a decision page shows: the step, the proposal and a fresh anti-forgery value. */
export interface DecisionView {
  link: DecisionLink;
  proposal: ProposalRecord;
  chainLength: number;
  proof: string;
}

/** The decision link a token opens, with its proposal; 404 for anything else. */
async function findDecision(token: string, lang: Language, deps: Pick<ReadDeps, 'repo'>, known?: KnownLink) {
  const route = proposalRoute<DecisionLink>('review', deps.repo);
  const found = await findStep(token, route.steps, route.load, deps.repo, known);
  if (!found) throw notFound(lang);
  return { route, link: found.link, proposal: found.subject };
}

/** GET of a decision link: shows the choice and changes nothing, however often it is opened. */
export async function showDecision(token: string, lang: Language, deps: ReadDeps, known?: KnownLink): Promise<DecisionView> {
  const { link, proposal } = await findDecision(token, lang, deps, known);
  const now = deps.clock.now();
  assertActionable(link, proposal.status, statusWhileOpen.review, now, lang);
  return { link, proposal, chainLength: deps.config.APPROVAL_CHAIN.length, proof: proofFor(link, now) };
}

/** The fields a decision page posts. `decision` is required; a missing one is refused by `chooseOne`, which names the link's choices. */
const DecisionForm = z.strictObject({
  decision: z.optional(choiceOf(decisionActions, decisionButtonLabels)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000), noHiddenCharacters('multiline'))),
  proof: z.string().check(z.maxLength(200)),
});

/** What the decision page posts. */
export const decisionFormFields = formFieldsOf(DecisionForm);

/** Throws the 400 of a POST that chose nothing, naming the choices the page offered. */
function chooseOne(actions: readonly string[], lang: Language): never {
  const names = decisionActions.filter((a) => actions.includes(a)).map((a) => decisionButtonLabels[a][lang]);
  const list = orList(names, lang);
  throw new ValidationError([{ path: 'decision', message: lang === 'id' ? `Pilih salah satu keputusan: ${list}.` : `Choose one decision: ${list}.` }], lang);
}

export interface DecisionResult {
  outcome: Outcome;
  proposal: ProposalRecord;
  link: DecisionLink;
}

/**
 * POST of a decision link, made by a person who chose on the page and sent it: checks the origin
 * and the page's anti-forgery value, consumes the link with one conditional write (so of many
 * concurrent clicks exactly one applies), then hands the decision to the waiting workflow step.
 */
export async function decide(
  token: string,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: RespondDeps,
  known?: KnownLink,
): Promise<DecisionResult> {
  const { lang } = ctx;
  const { route, link, proposal } = await findDecision(token, lang, deps, known);
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  const form = parseOrThrow(DecisionForm, fields, lang);
  // The page chooses nothing itself: a press of its button with no choice made (a person in a
  // hurry, or a mail scanner) decides nothing and is asked to choose.
  const decision = form.decision ?? chooseOne(link.actions, lang);
  const stepDeps = { ...deps, store: deps.repo };
  assertPageProof(link, form.proof, deps.clock.now(), lang);
  await assertActionableOrResend(route, token, link, proposal.status, lang, stepDeps);
  if (!link.actions.includes(decision))
    throw new ValidationError(
      [{ path: 'decision', message: lang === 'id' ? 'Pilihan ini tidak tersedia pada tahap ini.' : 'This choice is not available at this step.' }],
      lang,
    );
  if (decision !== 'approve' && !form.comment)
    throw new ValidationError(
      [{ path: 'comment', message: lang === 'id' ? 'Tuliskan alasannya untuk pengusul.' : 'Please write the reason for the proposer.' }],
      lang,
    );

  const used = await useStepOnce(
    route,
    token,
    { link, subject: proposal },
    async (current) => {
      const outcome: Outcome = {
        action: decision,
        comment: form.comment || undefined,
        decidedAt: deps.clock.now().toISOString(),
        decidedBy: { name: current.holder.name, email: current.holder.email },
      };
      await deps.repo.consumeStep({
        link: current,
        outcome,
        event: {
          proposalId: current.subject.id,
          key: `${current.stepId}:decided`,
          type: 'decided',
          at: outcome.decidedAt,
          actor: { role: current.role, name: current.holder.name, email: current.holder.email },
          level: current.level,
          role: current.role,
          round: current.round,
          action: outcome.action,
          comment: outcome.comment,
          requestId: ctx.requestId,
        },
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  return { outcome: used.outcome, proposal, link: used.link };
}
