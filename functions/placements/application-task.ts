import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/kernel/logger.js';
import { ApplicationTask, runApplicationTask } from '../../shared/placements/applications.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { placementDeps } from './deps.js';

const deps = placementDeps(await configWithLinkSecret());

/** Every task of the application workflow; the event says which (see ApplicationTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = ApplicationTask.parse(event);
    logger.appendKeys({ applicationId: task.applicationId, task: task.action });
    return runApplicationTask(task, deps);
  });
