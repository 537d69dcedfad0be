import { dynamoDocumentClient } from '../../shared/kernel/adapters/dynamodb-client.js';
import { sesClient } from '../../shared/kernel/adapters/ses-client.js';
import { SesMailer } from '../../shared/kernel/adapters/ses-mailer.js';
import { sfnClient } from '../../shared/kernel/adapters/sfn-client.js';
import { StepFunctionsWorkflows } from '../../shared/kernel/adapters/step-functions-workflows.js';
import type { Config, EnvConfig } from '../../shared/kernel/config.js';
import { systemClock } from '../../shared/kernel/time.js';
import type { ApplyDeps, ConfirmApplicationDeps, PlacementDeps, PlacementReadDeps, PlacementRespondDeps } from '../../shared/placements/deps.js';
import { PlacementRepository } from '../../shared/placements/placement-repository.js';

/** For functions that only read placements and applications. */
export function placementReadDeps(config: EnvConfig): PlacementReadDeps {
  return { config, placements: new PlacementRepository(dynamoDocumentClient(), config.TABLE_NAME), clock: systemClock };
}

/** For functions that resume a waiting step (any workflow's: completing goes by task token). */
export function placementRespondDeps(config: EnvConfig): PlacementRespondDeps {
  return { ...placementReadDeps(config), workflows: new StepFunctionsWorkflows(sfnClient(), config.APPLICATION_WORKFLOW_ARN) };
}

/** For functions that start an offer's review: no link secret, no mail. */
export function offerDeps(config: EnvConfig) {
  return { ...placementReadDeps(config), workflows: { offers: new StepFunctionsWorkflows(sfnClient(), config.OFFER_WORKFLOW_ARN) } };
}

/** For the application submissions: the table, the link secret and the mailer (for the confirmation link); no workflow. */
export function applyDeps(config: Config): ApplyDeps {
  return { ...placementReadDeps(config), config, mailer: new SesMailer(sesClient(), config.SENDER_EMAIL) };
}

/** For confirming an application: it starts the application workflow, and mails the applicant a refusal. */
export function confirmApplicationDeps(config: Config): ConfirmApplicationDeps {
  return { ...applyDeps(config), workflows: { applications: new StepFunctionsWorkflows(sfnClient(), config.APPLICATION_WORKFLOW_ARN) } };
}

/** For functions that start the placement workflows, run their tasks, mint links and send mail. */
export function placementDeps(config: Config): PlacementDeps {
  return {
    ...placementReadDeps(config),
    config,
    mailer: new SesMailer(sesClient(), config.SENDER_EMAIL),
    workflows: {
      offers: new StepFunctionsWorkflows(sfnClient(), config.OFFER_WORKFLOW_ARN),
      applications: new StepFunctionsWorkflows(sfnClient(), config.APPLICATION_WORKFLOW_ARN),
    },
  };
}
