import type { Config } from '../../shared/config.js';
import { dynamoDocumentClient, sesClient, sfnClient } from '../../shared/adapters/aws-clients.js';
import { SesMailer } from '../../shared/adapters/ses-mailer.js';
import { StepFunctionsWorkflows } from '../../shared/adapters/step-functions-workflows.js';
import type { ProposalDeps } from '../../shared/proposals/deps.js';
import { ProposalRepository } from '../../shared/store/proposal-repository.js';
import { systemClock } from '../../shared/time.js';

/** The proposal use cases wired to AWS; built once per container by each handler. */
export function proposalDeps(config: Config): ProposalDeps {
  return {
    config,
    repo: new ProposalRepository(dynamoDocumentClient(), config.TABLE_NAME),
    mailer: new SesMailer(sesClient(), config.SENDER_EMAIL),
    workflows: new StepFunctionsWorkflows(sfnClient(), config.PROPOSAL_WORKFLOW_ARN),
    clock: systemClock,
  };
}
