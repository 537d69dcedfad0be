import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/kernel/logger.js';
import { OfferTask, runOfferTask } from '../../shared/placements/offers.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { placementDeps } from './deps.js';

const deps = placementDeps(await configWithLinkSecret());

/** Every task of the placement offer review; the event says which (see OfferTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = OfferTask.parse(event);
    logger.appendKeys({ placementId: task.placementId, task: task.action });
    return runOfferTask(task, deps);
  });
