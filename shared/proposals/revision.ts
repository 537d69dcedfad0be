import type { Language } from '../kernel/i18n.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import { assertActionable, assertActionableOrResend, assertPageProof, findStep, notFound, proofFor, useStepOnce } from '../kernel/steps/step-links.js';
import { mintToken } from '../kernel/steps/tokens.js';
import { parseOrThrow } from '../kernel/validation.js';
import { type ReadDeps, urls, type WorkflowDeps } from './deps.js';
import { ProposalInput } from './proposal.schema.js';
import { proposalRoute, statusWhileOpen } from './proposal-links.js';
import type { EditLink, Outcome, ProposalRecord } from './proposal-records.js';
import { checkProposalDates } from './submit-proposal.js';

export interface EditView {
  link: EditLink;
  proposal: ProposalRecord;
  /** The approver's reason for asking, shown above the form. */
  comment?: string;
  proof: string;
}

/** GET of an edit link: the proposal form, filled in with what was submitted before. */
/** The edit link a token opens, with its proposal; 404 for anything else. */
async function findEdit(token: string, lang: Language, deps: Pick<ReadDeps, 'repo'>) {
  const route = proposalRoute<EditLink>('revision', deps.repo);
  const found = await findStep(token, route.steps, route.load, deps.repo);
  if (!found) throw notFound(lang);
  return { route, link: found.link, proposal: found.subject };
}

export async function showRevision(token: string, lang: Language, deps: ReadDeps): Promise<EditView> {
  const { link, proposal } = await findEdit(token, lang, deps);
  const now = deps.clock.now();
  assertActionable(link, proposal.status, statusWhileOpen.revision, now, lang);
  const events = await deps.repo.history(proposal.id);
  const asked = events.filter((e) => e.type === 'revision-requested' && e.round === link.round).pop();
  return { link, proposal, comment: asked?.comment, proof: proofFor(link, now) };
}

/**
 * The proposer resubmits: the edit link is used once, the proposal takes the new text and
 * goes back to SUBMITTED for the next round, and the waiting workflow restarts the chain.
 */
export async function resubmitProposal(
  token: string,
  raw: unknown,
  proof: string,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: WorkflowDeps,
): Promise<{ trackingUrl: string }> {
  const { lang } = ctx;
  const { route, link, proposal } = await findEdit(token, lang, deps);
  const stepDeps = { ...deps, store: deps.repo };
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  assertPageProof(link, proof, deps.clock.now(), lang);
  await assertActionableOrResend(route, token, link, proposal.status, lang, stepDeps);
  const input = parseOrThrow(ProposalInput, raw, lang);
  checkProposalDates(input, deps.clock.now(), lang);
  const outcome: Outcome = {
    action: 'resubmit',
    decidedAt: deps.clock.now().toISOString(),
    decidedBy: { name: input.contact.name, email: input.contact.email },
  };
  await useStepOnce(
    route,
    token,
    { link, subject: proposal },
    async (current) => {
      await deps.repo.consumeStep({
        link: current,
        outcome,
        event: {
          proposalId: proposal.id,
          key: `${current.stepId}:resubmitted`,
          type: 'resubmitted',
          at: outcome.decidedAt,
          actor: { role: 'proposer', name: input.contact.name, email: input.contact.email },
          fromStatus: 'REVISION_REQUESTED',
          toStatus: 'SUBMITTED',
          round: proposal.round + 1,
          action: 'resubmit',
          requestId: ctx.requestId,
        },
        proposalChange: { fromStatuses: ['REVISION_REQUESTED'], toStatus: 'SUBMITTED', set: { data: input, round: proposal.round + 1 } },
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  return { trackingUrl: urls.track(deps.config, mintToken(deps.config.LINK_SECRET, proposal, 'track', proposal.id)) };
}
