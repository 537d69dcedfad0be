import type { Language } from '../kernel/i18n.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import { mintToken, pageProof } from '../kernel/steps/tokens.js';
import type { EditLink, Outcome, ProposalRecord } from '../kernel/store/records.js';
import { parseOrThrow } from '../kernel/validation.js';
import { assertActionable, assertActionableOrResend, assertPageProof, findActionLink, handOver, useOnce } from './action-links.js';
import { type ReadDeps, urls, type WorkflowDeps } from './deps.js';
import { ProposalInput } from './proposal.schema.js';
import { checkProposalDates } from './submit-proposal.js';

export interface EditView {
  link: EditLink;
  proposal: ProposalRecord;
  /** The approver's reason for asking, shown above the form. */
  comment?: string;
  proof: string;
}

/** GET of an edit link: the proposal form, filled in with what was submitted before. */
export async function showRevision(token: string, lang: Language, deps: ReadDeps): Promise<EditView> {
  const { link, proposal } = await findActionLink('edit', token, lang, deps);
  const now = deps.clock.now();
  assertActionable(link, proposal, now, lang);
  const events = await deps.repo.history(proposal.id);
  const asked = events.filter((e) => e.type === 'revision-requested' && e.round === link.round).pop();
  return { link, proposal, comment: asked?.comment, proof: pageProof(link.pageSecret, now.getTime()) };
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
  const { link, proposal } = await findActionLink('edit', token, lang, deps);
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  assertPageProof(link, proof, deps.clock.now(), lang);
  await assertActionableOrResend(link, proposal, lang, deps);
  const input = parseOrThrow(ProposalInput, raw, lang);
  checkProposalDates(input, deps.clock.now(), lang);
  const outcome: Outcome = {
    action: 'resubmit',
    decidedAt: deps.clock.now().toISOString(),
    decidedBy: { name: input.contact.name, email: input.contact.email },
  };
  const used = await useOnce(
    link,
    (current) =>
      deps.repo.consumeStep({
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
      }),
    lang,
    deps,
  );
  await handOver(used, deps);
  return { trackingUrl: urls.track(deps.config, mintToken(deps.config.LINK_SECRET, 'track', proposal.id)) };
}
