import { SESClient } from '@aws-sdk/client-ses';

/** One SES client per container, made on first use (see dynamodb-client.ts). */
let client: SESClient | undefined;

export function sesClient(): SESClient {
  client ??= new SESClient({});
  return client;
}
