import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { aProposal, confirmationMail, postJson, submitProposalConfirmed } from '../support/api.js';
import { linkIn, mails, waitForMail } from '../support/inbox.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';

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
    await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.')));
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
        /\/(?:decide|track|partners|reports|proposals\/edit|confirm)\/((?:\d+\.)?[A-Za-z0-9_-]{43})/g,
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

  it('stores no task token that a workflow was handed: each link keeps its own sealed', async () => {
    // Arrange: a proposal whose review waits on the coordinator, besides what other suites made
    const proposal = aProposal();
    const { id } = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
    await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.')));

    // Act: every task token the local Step Functions handed to a workflow task so far, and every item of the table
    const taskTokens = readFileSync(inject('taskTokensFile'), 'utf8').split('\n').filter(Boolean);
    const items = await everyItem();
    const stored = JSON.stringify(items);

    // Assert (the count, not the tokens, in a failure's message)
    expect(taskTokens.length).toBeGreaterThanOrEqual(1);
    expect(taskTokens.filter((taskToken) => stored.includes(taskToken)).length, 'task tokens stored in plain text').toBe(0);
    const waiting = items.find((item) => item.stepId === `${id}:r1:l1:primary`);
    expect(waiting).toMatchObject({ state: 'PENDING', sealedTaskToken: expect.stringMatching(/^gcm1\./) });
    expect(waiting).not.toHaveProperty('taskToken');
  });
});
