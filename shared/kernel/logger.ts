import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. Add keys (`proposalId`, `executionArn`) rather than building
 * strings; never pass it a token, a task token or an email body.
 */
export const logger = new Logger({ serviceName: 'sinergi' });
