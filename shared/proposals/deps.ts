import type { Config, EnvConfig } from '../kernel/config.js';
import type { Mailer, Workflows } from '../kernel/ports.js';
import { decideUrl, trackUrl } from '../kernel/steps/step-links.js';
import type { Clock } from '../kernel/time.js';
import type { ProposalRepository } from './proposal-repository.js';

/** What the proposal use cases need from the outside world, passed in. */
export interface ProposalDeps {
  repo: ProposalRepository;
  mailer: Mailer;
  workflows: Workflows;
  clock: Clock;
  config: Config;
}

/** What the use cases that only read need; they never see the link secret. */
export type ReadDeps = Pick<ProposalDeps, 'repo' | 'clock'> & { config: EnvConfig };
/** What a decision needs: it resumes a workflow but mints no link. */
export type RespondDeps = ReadDeps & Pick<ProposalDeps, 'workflows'>;
/** What a submission needs: it stores, mints and mails the confirmation link, and starts nothing. */
export type SubmitDeps = Pick<ProposalDeps, 'repo' | 'mailer' | 'clock' | 'config'>;
/** What a confirmation needs: it starts the workflow and mints the tracking link (it sends no mail). */
export type ConfirmDeps = Pick<ProposalDeps, 'repo' | 'workflows' | 'clock' | 'config'>;
/** What the use cases that start or resume a workflow and mint links need (they send no mail). */
export type WorkflowDeps = Pick<ProposalDeps, 'repo' | 'workflows' | 'clock' | 'config'>;

/** Public addresses of the pages a link leads to. */
export const urls = {
  track: trackUrl,
  decide: decideUrl,
  edit: (config: EnvConfig, token: string) => `${config.PUBLIC_BASE_URL}/proposals/edit/${token}`,
};
