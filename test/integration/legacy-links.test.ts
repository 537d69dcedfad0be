import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { aProposal, eventually, postForm, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { itemsContaining } from '../support/table.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const tableName = inject('tableName');
const dynamoEndpoint = inject('dynamoEndpoint');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
afterAll(() => db.destroy());

/** Writes a link item back in the shape the version before the one link record stored it. */
async function storeAsEarlierVersion(item: Record<string, unknown>): Promise<void> {
  const { subject, step: _step, ...rest } = item as { subject: { id: string }; step: string } & Record<string, unknown>;
  const kind = rest.kind === 'step' ? 'decision' : rest.kind;
  await db.send(new PutCommand({ TableName: tableName, Item: { ...rest, kind, proposalId: subject.id } }));
}

describe('links stored by an earlier version', () => {
  it('keep working after the upgrade: a proposal mid-review is decided through the link already mailed, and tracked', async () => {
    // Arrange: a proposal waiting on the coordinator, its decision and tracking links stored as before
    const proposal = aProposal();
    const { trackingUrl, id } = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
    const link = linkIn(await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.'))), 'decide');
    const links = (await itemsContaining(dynamoEndpoint, tableName, id)).filter((i) => String(i.pk).startsWith('LINK#'));
    const decision = links.find((i) => i.stepId === `${id}:r1:l1:primary`)!;
    const tracking = links.find((i) => i.kind === 'track')!;
    await storeAsEarlierVersion(decision);
    await storeAsEarlierVersion(tracking);
    // The used confirmation link is of this version's own: it has no earlier shape.
    const stored = (await itemsContaining(dynamoEndpoint, tableName, id)).filter((i) => String(i.pk).startsWith('LINK#') && i.kind !== 'confirm');
    expect(stored.map((i) => i.kind).sort()).toEqual(['decision', 'track']);
    expect(stored.every((i) => i.proposalId === id && i.subject === undefined)).toBe(true);

    // Act: the coordinator opens the mailed link and approves
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const proof = proofIn(await page.text());
    const answer = await postForm(link, { proof, decision: 'approve', comment: '' });

    // Assert: the decision counts once, the review goes on to the next level, the old tracking link shows it
    expect(answer.status).toBe(200);
    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.history.filter((e) => e.type === 'review-requested')).toHaveLength(2);
      return v;
    });
    expect(view.status).toBe('IN_REVIEW');
    expect(view.history.filter((e) => e.type === 'decided')).toEqual([expect.objectContaining({ action: 'approve', level: 1 })]);
    const used = (await itemsContaining(dynamoEndpoint, tableName, id)).find((i) => i.stepId === `${id}:r1:l1:primary`);
    expect(used).toMatchObject({ kind: 'decision', state: 'USED', outcome: { action: 'approve' } });
    expect((await postForm(link, { proof, decision: 'reject', comment: 'lagi' })).status).toBe(409);
  });
});
