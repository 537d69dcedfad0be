import type { StepRoute } from '../kernel/steps/step-links.js';
import type { DecisionLink, EditLink, ProposalRecord } from './proposal-records.js';
import type { ProposalRepository } from './proposal-repository.js';

/**
 * What the routes of a proposal's links need to know of its steps, apart from how the steps
 * are asked for (proposal-steps.ts), so the page and POST functions carry no mail code.
 */

/** The status a proposal is in while a link of each step can be acted on. */
export const statusWhileOpen = { review: 'IN_REVIEW', revision: 'REVISION_REQUESTED' } as const;

/** What the waiting review is handed when the proposer resubmits: it restarts the chain; what was resubmitted is on the proposal. */
export const RESUBMITTED = { outcome: 'resubmitted' } as const;

/** How the decision and revision routes find a proposal's links and what their use hands on. */
export function proposalRoute<L extends DecisionLink | EditLink>(step: L['step'], repo: Pick<ProposalRepository, 'getProposal'>): StepRoute<L, ProposalRecord> {
  return {
    steps: [step],
    load: (link) => repo.getProposal(link.subject.id),
    statusOf: (proposal) => proposal.status,
    statusWhileOpen: (link) => statusWhileOpen[link.step],
    answer: (link) => (link.step === 'revision' ? { ...RESUBMITTED } : { ...link.outcome }),
  };
}
