import { SFNClient } from '@aws-sdk/client-sfn';

/** One Step Functions client per container, made on first use (see dynamodb-client.ts). */
let client: SFNClient | undefined;

export function sfnClient(): SFNClient {
  client ??= new SFNClient({});
  return client;
}
