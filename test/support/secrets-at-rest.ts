import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mails } from './inbox.js';

/** Every item of a local cloud's table, as stored. */
export async function everyItem(dynamoEndpoint: string, tableName: string): Promise<Record<string, unknown>[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } finally {
    db.destroy();
  }
  return items;
}

/** The token of every private link any mail in the local inbox carried. */
export async function mailedTokens(sesUrl: string): Promise<Set<string>> {
  const tokens = new Set<string>();
  for (const mail of await mails(sesUrl))
    for (const match of `${mail.body.text ?? ''} ${mail.body.html ?? ''}`.matchAll(
      /\/(?:decide|track|partners|reports|proposals\/edit|confirm)\/((?:\d+\.)?[A-Za-z0-9_-]{43})/g,
    ))
      tokens.add(match[1]!);
  return tokens;
}

/** Every task token the local Step Functions handed to a workflow, as its hook wrote them down. */
export const issuedTaskTokens = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/**
 * What of `secrets` the table holds in plain text: a count by kind, never the secrets
 * themselves (a failure's message must not carry a token).
 */
export async function secretsStored(cloud: { dynamoEndpoint: string; tableName: string }, secrets: Record<string, string[]>): Promise<Record<string, number>> {
  const stored = JSON.stringify(await everyItem(cloud.dynamoEndpoint, cloud.tableName));
  return Object.fromEntries(Object.entries(secrets).map(([kind, list]) => [kind, list.filter((secret) => stored.includes(secret)).length]));
}
