import type { Config } from '../../shared/kernel/config.js';
import type { WorkflowDeps } from '../../shared/proposals/deps.js';
import { respondDeps } from './respond-deps.js';

/** For functions that start or resume a workflow and mint links: the table, Step Functions, the link secret. */
export function workflowDeps(config: Config): WorkflowDeps {
  return { ...respondDeps(config), config };
}
