import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { aProposal, confirmationMail, postJson, submitProposalConfirmed } from '../support/api.js';
import { linkIn, mails, waitForMail } from '../support/inbox.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

/** Every item of the table, as stored. */
async function everyItem(): Promise<Record<string, unknown>[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: inject('tableName'), ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  db.destroy();
  return items;
}

describe('nothing secret at rest', () => {
  it('stores no link token that any mail carried, nor the tracking token an answer gave: their hashes only', async () => {
    // Arrange: at least one proposal with its confirmation link (used), its receipt, a decision link and an idempotent answer,
    // and one left unconfirmed (its confirmation link still pending), besides what other suites made
    const proposal = aProposal();
    const { trackingUrl } = await submitProposalConfirmed(apiUrl, sesUrl, proposal, { 'idempotency-key': `at-rest-${Date.now()}` });
    await waitForMail(sesUrl, 'koordinator@bkpsdm.surakarta.go.id', new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.')));
    const pending = aProposal();
    expect((await postJson(`${apiUrl}/api/proposals`, pending)).status).toBe(201);
    const confirmTokens = await Promise.all(
      [proposal, pending].map(
        async (p) =>
          linkIn(await confirmationMail(sesUrl, p.contact.email, p.title), 'confirm')
            .split('/')
            .pop()!,
      ),
    );

    // Act: every token of every private link mailed so far, and every item of the table
    const tokens = new Set<string>([trackingUrl.split('/').pop()!]);
    for (const mail of await mails(sesUrl))
      for (const match of `${mail.body.text ?? ''} ${mail.body.html ?? ''}`.matchAll(
        /\/(?:decide|track|partners|reports|proposals\/edit|confirm)\/([A-Za-z0-9_-]{43})/g,
      ))
        tokens.add(match[1]!);
    const stored = JSON.stringify(await everyItem());

    // Assert
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    for (const token of confirmTokens) expect(tokens).toContain(token);
    const found = [...tokens].filter((token) => stored.includes(token));
    expect(found).toEqual([]);
    expect(stored).not.toContain('trackingUrl');
  });
});
