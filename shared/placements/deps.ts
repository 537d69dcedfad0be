import type { Config, EnvConfig } from '../kernel/config.js';
import type { Mailer, Workflows } from '../kernel/ports.js';
import type { Clock } from '../kernel/time.js';
import type { PlacementRepository } from './placement-repository.js';

/** What the placement use cases need from the outside world, passed in. */
export interface PlacementDeps {
  placements: PlacementRepository;
  mailer: Mailer;
  /** The offer review and the application workflow; either can complete any waiting step. */
  workflows: { offers: Workflows; applications: Workflows };
  clock: Clock;
  config: Config;
}

/** For the use cases that only read: no link secret, no mail, no workflow. */
export type PlacementReadDeps = Pick<PlacementDeps, 'placements' | 'clock'> & { config: EnvConfig };
/** For a person acting through a link: resumes a workflow, mints nothing. */
export type PlacementRespondDeps = PlacementReadDeps & { workflows: Pick<Workflows, 'complete'> };
/** For an application: it mints its tracking and confirmation links and mails the applicant the second; it starts nothing. */
export type ApplyDeps = Pick<PlacementDeps, 'placements' | 'mailer' | 'clock' | 'config'>;
/** For a confirmation: it starts the application workflow, and mails the applicant when another application stands in the way. */
export type ConfirmApplicationDeps = ApplyDeps & { workflows: Pick<PlacementDeps['workflows'], 'applications'> };
/** For use cases that start a workflow and mint links, and tell people by mail. */
export type PlacementWorkflowDeps = PlacementDeps;

/** Public addresses of the placement pages. */
export const placementUrls = {
  partner: (config: EnvConfig, token: string) => `${config.PUBLIC_BASE_URL}/partners/${token}`,
  report: (config: EnvConfig, token: string) => `${config.PUBLIC_BASE_URL}/reports/${token}`,
  apply: (config: EnvConfig, placementId: string) => `${config.PUBLIC_BASE_URL}/placements/${placementId}/apply`,
};
