import { dynamoDocumentClient } from '../../shared/kernel/adapters/dynamodb-client.js';
import { sesClient } from '../../shared/kernel/adapters/ses-client.js';
import { SesMailer } from '../../shared/kernel/adapters/ses-mailer.js';
import { sfnClient } from '../../shared/kernel/adapters/sfn-client.js';
import { StepFunctionsWorkflows } from '../../shared/kernel/adapters/step-functions-workflows.js';
import type { Config, EnvConfig } from '../../shared/kernel/config.js';
import { systemClock } from '../../shared/kernel/time.js';
import type { ProposeProjectDeps, ResearchDeps, ResearchReadDeps, ResearchRespondDeps } from '../../shared/research/deps.js';
import { ResearchRepository } from '../../shared/research/research-repository.js';

/** For functions that only read projects. */
export function researchReadDeps(config: EnvConfig): ResearchReadDeps {
  return { config, research: new ResearchRepository(dynamoDocumentClient(), config.TABLE_NAME), clock: systemClock };
}

/** For functions that resume a waiting step of a project (or, given its ARN, of a milestone's cycle). */
export function researchRespondDeps(config: EnvConfig, workflowArn: string = config.RESEARCH_WORKFLOW_ARN): ResearchRespondDeps {
  return { ...researchReadDeps(config), workflows: new StepFunctionsWorkflows(sfnClient(), workflowArn) };
}

/** For a partner proposing a project: the table, the link secret (its tracking link) and the workflow it starts. */
export function proposeProjectDeps(config: Config): ProposeProjectDeps {
  return { ...researchReadDeps(config), config, workflows: new StepFunctionsWorkflows(sfnClient(), config.RESEARCH_WORKFLOW_ARN) };
}

/** For the workflow's tasks: they mint links and send mail. */
export function researchDeps(config: Config): ResearchDeps {
  return {
    ...proposeProjectDeps(config),
    mailer: new SesMailer(sesClient(), config.SENDER_EMAIL),
    milestones: new StepFunctionsWorkflows(sfnClient(), config.MILESTONE_WORKFLOW_ARN),
  };
}
