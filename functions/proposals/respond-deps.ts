import { sfnClient } from '../../shared/kernel/adapters/sfn-client.js';
import { StepFunctionsWorkflows } from '../../shared/kernel/adapters/step-functions-workflows.js';
import type { EnvConfig } from '../../shared/kernel/config.js';
import type { RespondDeps } from '../../shared/proposals/deps.js';
import { readDeps } from './read-deps.js';

/** For functions that resume a waiting workflow but mint no link: the table and Step Functions. */
export function respondDeps(config: EnvConfig): RespondDeps {
  return { ...readDeps(config), workflows: new StepFunctionsWorkflows(sfnClient(), config.PROPOSAL_WORKFLOW_ARN) };
}
