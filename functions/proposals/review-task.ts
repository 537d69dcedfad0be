import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { ReviewTask, runReviewTask } from '../../shared/proposals/review-steps.js';
import { reviewDeps } from '../lib/review-deps.js';

const deps = reviewDeps(loadConfig());

/** Every task of the proposal review workflow; the event says which (see ReviewTask). */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event: unknown) => {
    const task = ReviewTask.parse(event);
    logger.appendKeys({ proposalId: task.proposalId, task: task.action });
    return runReviewTask(task, deps);
  });
