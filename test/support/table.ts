import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** Every item of the table whose JSON contains `marker` (a unique value a test put in its input). */
export async function itemsContaining(endpoint: string, tableName: string, marker: string): Promise<Record<string, unknown>[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) if (JSON.stringify(item).includes(marker)) found.push(item);
    start = page.LastEvaluatedKey;
  } while (start);
  db.destroy();
  return found;
}
