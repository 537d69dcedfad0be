import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/kernel/logger.js';
import { ResearchTask, runResearchTask } from '../../shared/research/project-tasks.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { researchDeps } from './deps.js';

const deps = researchDeps(await configWithLinkSecret());

/** Every task of the research project workflow; the event says which (see ResearchTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = ResearchTask.parse(event);
    logger.appendKeys({ projectId: task.projectId, task: task.action, ...('member' in task && task.member !== undefined ? { member: task.member } : {}) });
    return runResearchTask(task, deps);
  });
