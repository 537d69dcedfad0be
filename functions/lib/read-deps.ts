import { dynamoDocumentClient } from '../../shared/adapters/dynamodb-client.js';
import type { EnvConfig } from '../../shared/config.js';
import type { ReadDeps } from '../../shared/proposals/deps.js';
import { ProposalRepository } from '../../shared/store/proposal-repository.js';
import { systemClock } from '../../shared/time.js';

/** For functions that only read (pages, tracking): the table and nothing else is bundled. */
export function readDeps(config: EnvConfig): ReadDeps {
  return { config, repo: new ProposalRepository(dynamoDocumentClient(), config.TABLE_NAME), clock: systemClock };
}
