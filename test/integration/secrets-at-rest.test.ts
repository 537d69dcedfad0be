import { describe, expect, inject, it } from 'vitest';
import { aProposal, confirmationMail, postJson, submitProposalConfirmed } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { everyItem, issuedTaskTokens, mailedTokens, secretsStored } from '../support/secrets-at-rest.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';

const cloud = { dynamoEndpoint: inject('dynamoEndpoint'), tableName: inject('tableName') };

/**
 * The same check runs once more over the whole table when the run ends, before the shared cloud
 * stops (test/support/local-cloud.setup.ts), so it covers what every later suite stored too.
 */
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
    const tokens = new Set<string>([trackingUrl.split('/').pop()!, ...(await mailedTokens(sesUrl))]);
    const found = await secretsStored(cloud, { 'link tokens': [...tokens] });
    const stored = JSON.stringify(await everyItem(cloud.dynamoEndpoint, cloud.tableName));

    // Assert (the count, not the tokens, in a failure's message)
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    for (const token of confirmTokens) expect(tokens).toContain(token);
    expect(found).toEqual({ 'link tokens': 0 });
    expect(stored).not.toContain('trackingUrl');
  });

  it('stores no task token that a workflow was handed: each link keeps its own sealed', async () => {
    // Arrange: a proposal whose review waits on the coordinator, besides what other suites made
    const proposal = aProposal();
    const { id } = await submitProposalConfirmed(apiUrl, sesUrl, proposal);
    await waitForMail(sesUrl, coordinator, new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.')));

    // Act: every task token the local Step Functions handed to a workflow task so far, and every item of the table
    const taskTokens = issuedTaskTokens(inject('taskTokensFile'));
    const items = await everyItem(cloud.dynamoEndpoint, cloud.tableName);

    // Assert (the count, not the tokens, in a failure's message)
    expect(taskTokens.length).toBeGreaterThanOrEqual(1);
    expect(await secretsStored(cloud, { 'task tokens': taskTokens })).toEqual({ 'task tokens': 0 });
    const waiting = items.find((item) => item.stepId === `${id}:r1:l1:primary`);
    expect(waiting).toMatchObject({ state: 'PENDING', sealedTaskToken: expect.stringMatching(/^gcm1\./) });
    expect(waiting).not.toHaveProperty('taskToken');
  });
});
