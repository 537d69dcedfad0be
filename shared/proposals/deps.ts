import type { Config } from '../config.js';
import type { Mailer, Workflows } from '../ports.js';
import type { ProposalRepository } from '../store/proposal-repository.js';
import type { Clock } from '../time.js';

/** What the proposal use cases need from the outside world, passed in. */
export interface ProposalDeps {
  repo: ProposalRepository;
  mailer: Mailer;
  workflows: Workflows;
  clock: Clock;
  config: Config;
}

/** What the use cases that only read need. */
export type ReadDeps = Pick<ProposalDeps, 'repo' | 'clock' | 'config'>;
/** What the use cases that start or resume a workflow need (they send no mail). */
export type WorkflowDeps = Pick<ProposalDeps, 'repo' | 'workflows' | 'clock' | 'config'>;

/** Public addresses of the pages a link leads to. */
export const urls = {
  track: (config: Config, token: string) => `${config.PUBLIC_BASE_URL}/track/${token}`,
  decide: (config: Config, token: string) => `${config.PUBLIC_BASE_URL}/decide/${token}`,
  edit: (config: Config, token: string) => `${config.PUBLIC_BASE_URL}/proposals/edit/${token}`,
  newProposal: (config: Config) => `${config.PUBLIC_BASE_URL}/proposals/new`,
};
