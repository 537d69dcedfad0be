import { sfnClient } from '../../shared/adapters/sfn-client.js';
import { StepFunctionsWorkflows } from '../../shared/adapters/step-functions-workflows.js';
import type { Config } from '../../shared/config.js';
import type { WorkflowDeps } from '../../shared/proposals/deps.js';
import { readDeps } from './read-deps.js';

/** For functions that start or resume a workflow: the table and Step Functions. */
export function workflowDeps(config: Config): WorkflowDeps {
  return { ...readDeps(config), workflows: new StepFunctionsWorkflows(sfnClient(), config.PROPOSAL_WORKFLOW_ARN) };
}
