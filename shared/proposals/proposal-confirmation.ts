import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { ConfirmWords } from '../kernel/pages/confirm-pages.js';
import type { Fact } from '../kernel/pages/labels.js';
import type { Confirmable } from '../kernel/steps/confirmation.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import { type ConfirmDeps, type ReadDeps, urls } from './deps.js';
import { proposalFacts } from './proposal-labels.js';
import type { ProposalRecord } from './proposal-records.js';

/** What the confirmation mail and page call a proposal, and what confirming it sets going. */
export const proposalConfirmWords: ConfirmWords = {
  what: { id: 'usulan kemitraan', en: 'partnership proposal' },
  next: {
    id: 'Usulan diteruskan ke BKPSDM Kota Surakarta untuk ditinjau. Setiap perkembangan dikirim ke alamat email narahubung, dan Anda dapat memantaunya melalui tautan pelacakan.',
    en: "The proposal goes to BKPSDM Kota Surakarta for review. Every step is sent to the contact person's address, and you can follow it through the tracking link.",
  },
};

/** What the confirmation page shows of a proposal: what will be sent, as the approvers will read it. */
export const proposalConfirmFacts = (proposal: ProposalRecord, lang: Language): Fact[] => proposalFacts(proposal.data, lang);

/** The private tracking address of a proposal, where a confirmation leads. */
export const proposalTrackUrl = (proposal: Pick<ProposalRecord, 'id' | 'keyVersion'>, deps: Pick<ConfirmDeps, 'config'>) =>
  urls.track(deps.config, mintToken(deps.config.LINK_SECRET, proposal, 'track', proposal.id));

/** How a confirmation page finds its proposal (a page only reads). */
export function proposalSubmissions(deps: Pick<ReadDeps, 'repo'>): Pick<Confirmable<ProposalRecord>, 'load' | 'createdAt'> {
  return {
    load: (subject) => (subject.type === 'proposal' ? deps.repo.getProposal(subject.id) : Promise.resolve(undefined)),
    createdAt: (proposal) => proposal.createdAt,
  };
}

/**
 * How a proposal is confirmed: it becomes SUBMITTED, with its first event, and its review starts.
 * Only a proposal in its first round that no review step has taken up is started: a press on a
 * link confirmed long ago starts nothing.
 */
export function confirmableProposal(deps: ConfirmDeps): Confirmable<ProposalRecord> {
  return {
    ...proposalSubmissions(deps),
    async confirm(link, proposal, now) {
      const { contact } = proposal.data;
      await deps.repo.confirmProposal(link, hashToken(mintToken(deps.config.LINK_SECRET, proposal, 'track', proposal.id)), {
        proposalId: proposal.id,
        key: 'r1:submitted',
        type: 'submitted',
        at: now.toISOString(),
        actor: { role: 'proposer', name: contact.name, email: contact.email },
        toStatus: 'SUBMITTED',
        round: 1,
      });
      return 'confirmed';
    },
    async start(proposal) {
      if (!(proposal.status === 'UNCONFIRMED' || (proposal.status === 'SUBMITTED' && proposal.round === 1))) return;
      try {
        const { executionArn } = await deps.workflows.start(`proposal-${proposal.id}`, { proposalId: proposal.id });
        logger.info('proposal confirmed; its review starts', { proposalId: proposal.id, executionArn });
      } catch (error) {
        // The name is the proposal's own: "already exists" means an earlier press started it.
        if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      }
    },
  };
}
