import { UnavailableError } from '../errors.js';
import type { Language } from '../i18n.js';
import { assertOpen, assertSameOrigin, LinkClosedError } from '../links/link-errors.js';
import { mintToken, pageProof } from '../links/tokens.js';
import { assertActionable, assertPageProof, findActionLink } from './action-links.js';
import { notFound } from './tracking.js';
import { logger } from '../logger.js';
import { StepConflict } from '../store/proposal-repository.js';
import type { EditLink, Outcome, ProposalRecord } from '../store/records.js';
import { parseOrThrow } from '../validation.js';
import { urls, type ReadDeps, type WorkflowDeps } from './deps.js';
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
  // A used link re-sends the resubmission first, in case its first hand-over was lost.
  if (link.state === 'USED') await deps.workflows.complete(link.taskToken, { outcome: 'resubmitted' }).catch(() => 'failed');
  assertOpen(link, deps.clock.now(), lang);
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  assertPageProof(link, proof, deps.clock.now(), lang);
  const input = parseOrThrow(ProposalInput, raw, lang);
  checkProposalDates(input, deps.clock.now(), lang);
  const outcome: Outcome = {
    action: 'resubmit',
    decidedAt: deps.clock.now().toISOString(),
    decidedBy: { name: input.contact.name, email: input.contact.email },
  };
  let current = link;
  for (let attempt = 1; ; attempt++) {
    try {
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
      break;
    } catch (error) {
      if (!(error instanceof StepConflict)) throw error;
      if (error.link?.kind !== 'edit') throw notFound(lang);
      assertOpen(error.link, deps.clock.now(), lang);
      // The link is open but the proposal moved on (its review was closed): too late.
      if (error.proposal && error.proposal.status !== 'REVISION_REQUESTED') throw new LinkClosedError('expired', lang);
      // Still open: another submission of the same form is in flight (a double click).
      if (attempt >= 5)
        throw new UnavailableError(lang === 'id' ? 'Perbaikan sedang diproses. Tunggu sebentar lalu muat ulang halaman.' : 'The revision is being processed. Wait a moment, then reload the page.');
      current = error.link;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
  const delivered = await deps.workflows.complete(current.taskToken, { outcome: 'resubmitted' }).catch((error: Error) => {
    logger.error('resubmission recorded but not handed to the workflow yet', { proposalId: proposal.id, error: error.name });
    return 'failed' as const;
  });
  if (delivered === 'gone') logger.warn('resubmission recorded after its wait ended; the next step picks it up', { proposalId: proposal.id });
  return { trackingUrl: urls.track(deps.config, mintToken(deps.config.LINK_SECRET, 'track', proposal.id)) };
}
