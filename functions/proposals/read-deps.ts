import { dynamoDocumentClient } from '../../shared/kernel/adapters/dynamodb-client.js';
import type { EnvConfig } from '../../shared/kernel/config.js';
import { systemClock } from '../../shared/kernel/time.js';
import type { ReadDeps } from '../../shared/proposals/deps.js';
import { ProposalRepository } from '../../shared/proposals/proposal-repository.js';

/** For functions that only read (pages, tracking): the table and nothing else is bundled. */
export function readDeps(config: EnvConfig): ReadDeps {
  return { config, repo: new ProposalRepository(dynamoDocumentClient(), config.TABLE_NAME), clock: systemClock };
}
