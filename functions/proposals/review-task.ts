import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../../shared/kernel/logger.js';
import { ReviewTask, runReviewTask } from '../../shared/proposals/review-steps.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { reviewDeps } from './review-deps.js';

const deps = reviewDeps(await configWithLinkSecret());

/** Every task of the proposal review workflow; the event says which (see ReviewTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = ReviewTask.parse(event);
    logger.appendKeys({ proposalId: task.proposalId, task: task.action });
    return runReviewTask(task, deps);
  });
