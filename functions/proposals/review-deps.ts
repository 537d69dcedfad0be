import { sesClient } from '../../shared/kernel/adapters/ses-client.js';
import { SesMailer } from '../../shared/kernel/adapters/ses-mailer.js';
import type { Config } from '../../shared/kernel/config.js';
import type { ProposalDeps } from '../../shared/proposals/deps.js';
import { workflowDeps } from './workflow-deps.js';

/** For the review workflow's tasks: the table, Step Functions and SES. */
export function reviewDeps(config: Config): ProposalDeps {
  return { ...workflowDeps(config), mailer: new SesMailer(sesClient(), config.SENDER_EMAIL) };
}
