import type { Config, EnvConfig } from '../kernel/config.js';
import type { Mailer, Workflows } from '../kernel/ports.js';
import type { Clock } from '../kernel/time.js';
import type { ResearchRepository } from './research-repository.js';

/** What the research use cases need from the outside world, passed in. */
export interface ResearchDeps {
  research: ResearchRepository;
  mailer: Mailer;
  /** The research project workflow (consent and plan review); completing any wait goes through it too. */
  workflows: Workflows;
  /** The milestone workflow: one execution per milestone (and per generation of a long one). */
  milestones: Pick<Workflows, 'start'>;
  clock: Clock;
  config: Config;
}

/** For the use cases that only read: no link secret, no mail, no workflow. */
export type ResearchReadDeps = Pick<ResearchDeps, 'research' | 'clock'> & { config: EnvConfig };
/** For a lead sending a milestone: resumes its execution, and mints the link again to show the page. */
export type MilestoneLinkDeps = ResearchReadDeps & { workflows: Pick<Workflows, 'complete'> };
/** For a person acting through a link: resumes a workflow, mints nothing. */
export type ResearchRespondDeps = ResearchReadDeps & { workflows: Pick<Workflows, 'complete'> };
/** For a partner proposing a project: it mints the tracking link and starts the workflow, and mails nothing itself. */
export type ProposeProjectDeps = Pick<ResearchDeps, 'research' | 'workflows' | 'clock' | 'config'>;
