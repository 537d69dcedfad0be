import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { aProposal, eventually, postForm, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { SHARED_TIME_SCALE } from '../support/local-cloud.setup.js';
import { startOwnCloud } from '../support/own-cloud.js';
import { itemsContaining } from '../support/table.js';

/**
 * A cloud of its own: the link this test stores as an earlier version did holds a task token in
 * plain text, which the shared cloud's table must never hold (test/integration/secrets-at-rest.test.ts).
 */
let cloud: LocalCloud;
let db: DynamoDBDocumentClient;
beforeAll(async () => {
  cloud = await startOwnCloud('legacy-task-tokens', SHARED_TIME_SCALE);
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});
afterAll(async () => {
  db?.destroy();
  await cloud?.stop();
});

const coordinator = 'koordinator@bkpsdm.surakarta.go.id';

describe('a step link stored before task tokens were sealed', () => {
  it('is decided through the link already mailed: its plain task token is handed the decision, and the review goes on', async () => {
    // Arrange: a proposal waiting on the coordinator, its link stored with the task token in plain text
    const { apiUrl, sesUrl, dynamoEndpoint, tableName } = cloud;
    const proposal = aProposal();
    const { trackingUrl, id } = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
    const link = linkIn(await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.'))), 'decide');
    const stepId = `${id}:r1:l1:primary`;
    const sealed = (await itemsContaining(dynamoEndpoint, tableName, stepId)).find((i) => i.stepId === stepId)!;
    const { sealedTaskToken, ...rest } = sealed as { sealedTaskToken: string } & Record<string, unknown>;
    const taskToken = openTaskToken(sealedTaskToken, link.split('/').pop()!);
    await db.send(new PutCommand({ TableName: tableName, Item: { ...rest, taskToken } }));

    // Act: the coordinator opens the mailed link and approves
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const proof = proofIn(await page.text());
    const answer = await postForm(link, { proof, decision: 'approve', comment: '' });

    // Assert: the decision counts once and reaches the waiting review, which asks the next level
    expect(answer.status).toBe(200);
    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.history.filter((e) => e.type === 'review-requested')).toHaveLength(2);
      return v;
    });
    expect(view.history.filter((e) => e.type === 'decided')).toEqual([expect.objectContaining({ action: 'approve', level: 1 })]);
    const used = (await itemsContaining(dynamoEndpoint, tableName, stepId)).find((i) => i.stepId === stepId);
    expect(used).toMatchObject({ state: 'USED', taskToken, outcome: { action: 'approve' } });
    expect((await postForm(link, { proof, decision: 'reject', comment: 'lagi' })).status).toBe(409);
    // The next level's link is stored sealed again.
    const next = (await itemsContaining(dynamoEndpoint, tableName, `${id}:r1:l2:primary`)).find((i) => i.stepId === `${id}:r1:l2:primary`);
    expect(next).toMatchObject({ sealedTaskToken: expect.stringMatching(/^gcm1\./) });
    expect(next).not.toHaveProperty('taskToken');
  });
});
