import { DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrackLink } from '../../shared/kernel/steps/step-link.js';
import type { IdempotencyRecord } from '../../shared/kernel/store/table-store.js';
import type { AuditEvent } from '../../shared/proposals/proposal-records.js';
import { ProposalConflict, ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { aConfirmLink, aDecisionLink, anEditLink, anOutcome, aPendingConfirmation, aProposalRecord, rejectionOf } from '../support/fixtures.js';

const table = 'sinergi-table';
const ddb = mockClient(DynamoDBDocumentClient);
const repo = new ProposalRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' })), table);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const trackLink: TrackLink = { kind: 'track', hash: 't'.repeat(64), subject: { type: 'proposal', id: 'p-1' }, createdAt: '2027-02-01T03:00:00.000Z' };

function anEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    proposalId: 'p-1',
    key: 'r1:submitted',
    type: 'submitted',
    at: '2027-02-01T03:00:00.000Z',
    actor: { role: 'proposer', name: 'Dr. Rina Wulandari' },
    toStatus: 'SUBMITTED',
    round: 1,
    ...overrides,
  };
}

const outcome = anOutcome({ decidedAt: '2027-02-02T03:00:00.000Z' });

/** The transaction items of the only TransactWriteCommand sent. */
function sentTransaction(): TransactItem[] {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems ?? [];
}

function cancelled(...codes: string[]): Error {
  return Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });
}

beforeEach(() => {
  ddb.reset();
});

describe('ProposalRepository.createPendingProposal', () => {
  const confirm = aPendingConfirmation();

  it('writes the unconfirmed proposal, its tracking link and its confirmation link in one transaction, each new', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    const proposal = aProposalRecord({ status: 'UNCONFIRMED' });

    // Act
    await repo.createPendingProposal(proposal, trackLink, confirm);

    // Assert
    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[0]!.Put).toMatchObject({
      TableName: table,
      Item: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL', entity: 'proposal', id: 'p-1', status: 'UNCONFIRMED', data: proposal.data },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[1]!.Put).toMatchObject({
      TableName: table,
      Item: { pk: `LINK#${trackLink.hash}`, sk: 'LINK', kind: 'track', subject: { type: 'proposal', id: 'p-1' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[2]!.Put).toMatchObject({
      TableName: table,
      Item: { pk: `LINK#${confirm.link.hash}`, sk: 'LINK', kind: 'confirm', state: 'PENDING', subject: { type: 'proposal', id: 'p-1' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('gives every item the ttl of the confirmation window, so an unconfirmed proposal removes itself', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.createPendingProposal(aProposalRecord({ status: 'UNCONFIRMED' }), trackLink, confirm);

    const ttls = sentTransaction().map((item) => item.Put?.Item?.ttl);
    expect(ttls).toEqual([confirm.ttl, confirm.ttl, confirm.ttl]);
  });

  it('puts the unconfirmed proposal in no list and records no event yet', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.createPendingProposal(aProposalRecord({ status: 'UNCONFIRMED' }), trackLink, confirm);

    const items = sentTransaction();
    expect(items[0]!.Put?.Item).not.toHaveProperty('gsi1pk');
    expect(items.some((item) => String(item.Put?.Item?.sk).startsWith('EVENT#'))).toBe(false);
  });

  it('adds the idempotency record, guarded and kept for a day, naming what was created but not the answer with its tracking link', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const idempotency: IdempotencyRecord = { keyHash: 'k'.repeat(64), requestHash: 'r'.repeat(64), createdId: 'p-1' };

    await repo.createPendingProposal(aProposalRecord({ status: 'UNCONFIRMED' }), trackLink, confirm, idempotency);

    const items = sentTransaction();
    expect(items).toHaveLength(4);
    expect(items[3]!.Put).toMatchObject({
      Item: {
        pk: `IDEMPOTENCY#${'k'.repeat(64)}`,
        sk: 'IDEMPOTENCY',
        requestHash: 'r'.repeat(64),
        createdId: 'p-1',
        ttl: Date.parse('2027-02-01T03:00:00.000Z') / 1000 + 86_400,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[3]!.Put?.Item).not.toHaveProperty('body');
  });

  it('lets a cancelled creation through for the caller to replay', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const error = await rejectionOf(repo.createPendingProposal(aProposalRecord({ status: 'UNCONFIRMED' }), trackLink, confirm));

    expect((error as Error).name).toBe('TransactionCanceledException');
  });
});

describe('ProposalRepository.deletePendingProposal', () => {
  it('removes the proposal only while it is unconfirmed, with both its links and the idempotent answer, together', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const confirm = aPendingConfirmation();

    await repo.deletePendingProposal(aProposalRecord({ status: 'UNCONFIRMED' }), trackLink, confirm, 'k'.repeat(64));

    const items = sentTransaction();
    expect(items).toHaveLength(4);
    expect(items[0]!.Delete).toMatchObject({
      TableName: table,
      Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' },
      ConditionExpression: '#status = :unconfirmed',
      ExpressionAttributeValues: { ':unconfirmed': 'UNCONFIRMED' },
    });
    expect(items.slice(1).map((item) => item.Delete?.Key)).toEqual([
      { pk: `LINK#${trackLink.hash}`, sk: 'LINK' },
      { pk: `LINK#${confirm.link.hash}`, sk: 'LINK' },
      { pk: `IDEMPOTENCY#${'k'.repeat(64)}`, sk: 'IDEMPOTENCY' },
    ]);
  });
});

describe('ProposalRepository.confirmProposal', () => {
  const link = aConfirmLink();
  const confirmed = anEvent({ at: '2027-02-01T05:00:00.000Z', actor: { role: 'proposer', name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id' } });

  it('uses the confirmation link only while it is pending and open, recording that it confirmed', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.confirmProposal(link, trackLink.hash, confirmed);

    const use = sentTransaction()[0]!.Update!;
    expect(use.Key).toEqual({ pk: `LINK#${link.hash}`, sk: 'LINK' });
    expect(use.ConditionExpression).toBe('#state = :pending AND #expiresAt > :now');
    expect(use.ExpressionAttributeValues).toMatchObject({
      ':pending': 'PENDING',
      ':used': 'USED',
      ':now': confirmed.at,
      ':outcome': { result: 'confirmed', at: confirmed.at },
    });
    // Kept as long as any used link, to answer a second press.
    expect(use.ExpressionAttributeValues?.[':ttl']).toBe(Date.parse(confirmed.at) / 1000 + 365 * 86_400);
  });

  it('makes the proposal SUBMITTED and listed, only from UNCONFIRMED, and keeps it and its tracking link from now on', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.confirmProposal(link, trackLink.hash, confirmed);

    const items = sentTransaction();
    expect(items).toHaveLength(4);
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' },
      ConditionExpression: '#status = :unconfirmed',
      ExpressionAttributeValues: { ':unconfirmed': 'UNCONFIRMED', ':submitted': 'SUBMITTED', ':gsi1pk': 'PROPOSALS#SUBMITTED' },
    });
    expect(items[1]!.Update?.UpdateExpression).toMatch(/REMOVE #ttl/);
    expect(items[2]!.Update).toMatchObject({
      Key: { pk: `LINK#${trackLink.hash}`, sk: 'LINK' },
      ConditionExpression: 'attribute_exists(pk)',
      UpdateExpression: 'REMOVE #ttl',
    });
    expect(items[3]!.Put?.Item).toMatchObject({ pk: 'PROPOSAL#p-1', sk: 'EVENT#r1:submitted', entity: 'event', type: 'submitted', toStatus: 'SUBMITTED' });
  });

  it('throws a ProposalConflict with the link as it is now when another press was written first', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));
    const used = aConfirmLink({ state: 'USED', outcome: { result: 'confirmed', at: '2027-02-01T04:59:00.000Z' } });
    ddb.on(GetCommand, { Key: { pk: `LINK#${link.hash}`, sk: 'LINK' } }).resolves({ Item: { pk: `LINK#${link.hash}`, sk: 'LINK', entity: 'link', ...used } });
    ddb
      .on(GetCommand, { Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' } })
      .resolves({ Item: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL', entity: 'proposal', ...aProposalRecord({ status: 'SUBMITTED' }) } });

    const error = await rejectionOf(repo.confirmProposal(link, trackLink.hash, confirmed));

    expect(error).toBeInstanceOf(ProposalConflict);
    expect((error as ProposalConflict).link).toEqual(used);
    expect((error as ProposalConflict).status).toBe('SUBMITTED');
  });
});

describe('ProposalRepository.consumeStep', () => {
  it('uses the link only if it is still pending, holds the same (sealed) task token and has not expired', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const link = aDecisionLink();

    await repo.consumeStep({ link, outcome, event: anEvent({ key: `${link.stepId}:decided`, type: 'decided' }) });

    const items = sentTransaction();
    const update = items[0]!.Update!;
    expect(update.Key).toEqual({ pk: `LINK#${link.hash}`, sk: 'LINK' });
    // Bound to the task token as read: sealed, or plain in a link stored before sealing.
    expect(update.ConditionExpression).toBe('#state = :pending AND (#sealedTaskToken = :bound OR #taskToken = :bound) AND #expiresAt > :now');
    expect(update.ExpressionAttributeNames).toMatchObject({
      '#state': 'state',
      '#sealedTaskToken': 'sealedTaskToken',
      '#taskToken': 'taskToken',
      '#expiresAt': 'expiresAt',
    });
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':pending': 'PENDING',
      ':used': 'USED',
      ':bound': link.sealedTaskToken,
      ':now': outcome.decidedAt,
      ':outcome': outcome,
    });
    expect(update.UpdateExpression).toContain('#state = :used');
    expect(items[1]!.Put?.Item).toMatchObject({ pk: 'PROPOSAL#p-1', sk: `EVENT#${link.stepId}:decided` });
  });

  it('moves the proposal in the same transaction, only from the statuses it expects', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.consumeStep({
      link: aDecisionLink(),
      outcome,
      event: anEvent({ type: 'decided' }),
      proposalChange: { fromStatuses: ['IN_REVIEW', 'REVISION_REQUESTED'], toStatus: 'SUBMITTED' },
    });

    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[2]!.Update).toMatchObject({
      Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' },
      ConditionExpression: '#status IN (:from0, :from1)',
      ExpressionAttributeValues: { ':from0': 'IN_REVIEW', ':from1': 'REVISION_REQUESTED', ':to': 'SUBMITTED', ':x_gsi1pk': 'PROPOSALS#SUBMITTED' },
    });
  });

  it('reads the link and proposal again and throws ProposalConflict when a condition failed', async () => {
    // Arrange
    const link = aDecisionLink();
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    ddb
      .on(GetCommand, { Key: { pk: `LINK#${link.hash}`, sk: 'LINK' } })
      .resolves({ Item: { pk: `LINK#${link.hash}`, sk: 'LINK', entity: 'link', ttl: 1, ...link, state: 'USED', outcome } });
    ddb
      .on(GetCommand, { Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' } })
      .resolves({ Item: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL', gsi1pk: 'PROPOSALS#IN_REVIEW', ...aProposalRecord({ status: 'IN_REVIEW' }) } });

    // Act
    const error = await rejectionOf(repo.consumeStep({ link, outcome, event: anEvent({ type: 'decided' }) }));

    // Assert
    expect(error).toBeInstanceOf(ProposalConflict);
    const conflict = error as ProposalConflict;
    expect(conflict.link).toEqual({ ...link, state: 'USED', outcome });
    expect(conflict.proposal?.status).toBe('IN_REVIEW');
    expect(conflict.proposal).not.toHaveProperty('pk');
    const reads = ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(reads).toHaveLength(2);
    expect(reads.every((read) => read.ConsistentRead === true)).toBe(true);
  });

  it('throws ProposalConflict for the SDK TransactionCanceledException too', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
      );
    ddb.on(GetCommand).resolves({});

    const error = await rejectionOf(repo.consumeStep({ link: aDecisionLink(), outcome, event: anEvent() }));

    expect(error).toBeInstanceOf(ProposalConflict);
    expect((error as ProposalConflict).link).toBeUndefined();
  });

  it('treats a concurrent transaction on the same link (TransactionConflict) as a ProposalConflict', async () => {
    const link = aDecisionLink();
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    ddb.on(GetCommand, { Key: { pk: `LINK#${link.hash}`, sk: 'LINK' } }).resolves({ Item: { ...link, state: 'USED', outcome } });
    ddb.on(GetCommand, { Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' } }).resolves({ Item: { ...aProposalRecord({ status: 'IN_REVIEW' }) } });

    const error = await rejectionOf(repo.consumeStep({ link, outcome, event: anEvent() }));

    expect(error).toBeInstanceOf(ProposalConflict);
    expect((error as ProposalConflict).link).toMatchObject({ state: 'USED', outcome });
  });

  it('rethrows a cancellation for any other reason unchanged, without reading', async () => {
    const failure = cancelled('ValidationError', 'None');
    ddb.on(TransactWriteCommand).rejects(failure);

    const error = await rejectionOf(repo.consumeStep({ link: aDecisionLink(), outcome, event: anEvent() }));

    expect(error).toBe(failure);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('rethrows throttling unchanged, without reading', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    ddb.on(TransactWriteCommand).rejects(throttled);

    const error = await rejectionOf(repo.consumeStep({ link: aDecisionLink(), outcome, event: anEvent() }));

    expect(error).toBe(throttled);
    expect(error).not.toBeInstanceOf(ProposalConflict);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});

describe('ProposalRepository.consumeStep on a decision', () => {
  it('counts a decision only while its proposal is in review, checked in the same transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    const link = aDecisionLink();

    // Act
    await repo.consumeStep({ link, outcome, event: anEvent({ key: `${link.stepId}:decided`, type: 'decided' }) });

    // Assert
    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({
      ConditionCheck: {
        TableName: table,
        Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' },
        ConditionExpression: '#status = :inReview',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' },
      },
    });
  });

  it('checks nothing more when the use moves the proposal itself (its update already states the statuses it expects)', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.consumeStep({
      link: aDecisionLink(),
      outcome,
      event: anEvent({ type: 'decided' }),
      proposalChange: { fromStatuses: ['IN_REVIEW'], toStatus: 'APPROVED' },
    });

    expect(sentTransaction().filter((item) => item.ConditionCheck)).toEqual([]);
  });

  it('puts no review check on a revision (edit) link', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.consumeStep({ link: anEditLink(), outcome: anOutcome({ action: 'resubmit' }), event: anEvent({ type: 'resubmitted' }) });

    const items = sentTransaction();
    expect(items).toHaveLength(2);
    expect(items.filter((item) => item.ConditionCheck)).toEqual([]);
  });

  it('refuses a decision on a proposal whose review has ended, reading the link and the proposal again', async () => {
    // Arrange
    const link = aDecisionLink();
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    ddb.on(GetCommand, { Key: { pk: `LINK#${link.hash}`, sk: 'LINK' } }).resolves({ Item: { pk: `LINK#${link.hash}`, sk: 'LINK', entity: 'link', ...link } });
    ddb
      .on(GetCommand, { Key: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL' } })
      .resolves({ Item: { pk: 'PROPOSAL#p-1', sk: 'PROPOSAL', ...aProposalRecord({ status: 'EXPIRED' }) } });

    // Act
    const error = await rejectionOf(repo.consumeStep({ link, outcome, event: anEvent({ type: 'decided' }) }));

    // Assert
    expect(error).toBeInstanceOf(ProposalConflict);
    expect((error as ProposalConflict).link).toEqual(link);
    expect((error as ProposalConflict).proposal?.status).toBe('EXPIRED');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });
});

describe('ProposalConflict', () => {
  const link = aDecisionLink();
  const proposal = aProposalRecord();

  it('keeps the link and the proposal readable by the caller', () => {
    const conflict = new ProposalConflict(link, proposal);

    expect(conflict.link).toBe(link);
    expect(conflict.proposal).toBe(proposal);
    expect(conflict.name).toBe('ProposalConflict');
  });

  it('never serializes the task token or personal data when the error is logged', () => {
    const conflict = new ProposalConflict(link, proposal);

    const json = JSON.stringify(conflict);
    const keys = Object.keys(conflict);

    for (const secret of [link.sealedTaskToken, link.pageSecret, link.holder.email, proposal.data.contact.email, proposal.data.contact.name])
      expect(json).not.toContain(secret);
    expect(keys).not.toContain('link');
    expect(keys).not.toContain('proposal');
    expect({ ...conflict }).not.toHaveProperty('link');
  });
});

describe('ProposalRepository transactions', () => {
  /** The ClientRequestToken of every TransactWriteCommand sent, in order. */
  const tokens = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.ClientRequestToken);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('sends every transaction with a client request token, so retries of the same request apply once', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    const proposal = aProposalRecord({ status: 'UNCONFIRMED' });
    const event = anEvent();

    // Act: every method that writes
    await repo.createPendingProposal(proposal, trackLink, aPendingConfirmation());
    await repo.deletePendingProposal(proposal, trackLink, aPendingConfirmation());
    await repo.confirmProposal(aConfirmLink(), trackLink.hash, event);
    await repo.openStep({ link: aDecisionLink(), fromStatuses: ['SUBMITTED'], toStatus: 'IN_REVIEW', event });
    await repo.rebindStep('d'.repeat(64), 'task-token-2', { type: 'proposal', id: 'p-1' }, event);
    await repo.consumeStep({ link: aDecisionLink(), outcome, event });
    await repo.expireStep('d'.repeat(64), { type: 'proposal', id: 'p-1' }, ['IN_REVIEW'], event);
    await repo.closeProposal({ proposalId: 'p-1', fromStatuses: ['IN_REVIEW'], toStatus: 'REJECTED', event });

    // Assert
    expect(tokens()).toHaveLength(8);
    for (const token of tokens()) expect(token).toMatch(uuid);
  });

  it('uses a fresh token for each call, even for the same step', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const link = aDecisionLink();

    await repo.consumeStep({ link, outcome, event: anEvent() });
    await repo.consumeStep({ link, outcome, event: anEvent() });

    const [first, second] = tokens();
    expect(first).toMatch(uuid);
    expect(second).toMatch(uuid);
    expect(first).not.toBe(second);
  });
});

describe('ProposalRepository.rebindStep', () => {
  it('binds a still-pending link to the new task token and records the event, together', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.rebindStep(
      'd'.repeat(64),
      'sealed-task-token-2',
      { type: 'proposal', id: 'p-1' },
      anEvent({ key: 'p-1:r1:l1:primary:reminder', type: 'reminder-sent' }),
    );

    const items = sentTransaction();
    expect(items).toHaveLength(2);
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: `LINK#${'d'.repeat(64)}`, sk: 'LINK' },
      ConditionExpression: '#state = :pending',
      // A plain task token stored before sealing goes with the first rebind.
      UpdateExpression: 'SET #sealedTaskToken = :sealedTaskToken REMOVE #taskToken',
      ExpressionAttributeValues: { ':pending': 'PENDING', ':sealedTaskToken': 'sealed-task-token-2' },
    });
    expect(items[1]!.Put?.Item).toMatchObject({ sk: 'EVENT#p-1:r1:l1:primary:reminder' });
  });
});

describe('ProposalRepository.getLink', () => {
  it('returns the link without its storage keys', async () => {
    const link = aDecisionLink();
    ddb.on(GetCommand).resolves({ Item: { pk: `LINK#${link.hash}`, sk: 'LINK', entity: 'link', ttl: 123, ...link } });

    await expect(repo.getLink(link.hash)).resolves.toEqual(link);
  });

  it('returns undefined for an unknown link', async () => {
    ddb.on(GetCommand).resolves({});

    await expect(repo.getLink('u'.repeat(64))).resolves.toBeUndefined();
  });
});
