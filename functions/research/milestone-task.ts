import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/kernel/logger.js';
import { MilestoneTask, runMilestoneTask } from '../../shared/research/milestone-tasks.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { researchDeps } from './deps.js';

const deps = researchDeps(await configWithLinkSecret());

/** Every task of a research milestone's cycle; the event says which (see MilestoneTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = MilestoneTask.parse(event);
    logger.appendKeys({ projectId: task.projectId, milestone: task.milestone, task: task.action });
    return runMilestoneTask(task, deps);
  });
