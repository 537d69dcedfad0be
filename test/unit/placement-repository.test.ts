import { DynamoDBClient, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrackLink } from '../../shared/kernel/steps/step-link.js';
import { StepConflict } from '../../shared/kernel/steps/step-link.js';
import type { SubjectEvent } from '../../shared/placements/placement-records.js';
import { ApplicationRefused, type AsnRecord, overlaps, PlacementRepository } from '../../shared/placements/placement-repository.js';
import { aConfirmLink, anApplicationRecord, aPendingConfirmation, rejectionOf } from '../support/fixtures.js';

const table = 'sinergi-table';
const ddb = mockClient(DynamoDBDocumentClient);
const repo = new PlacementRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' })), table);

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const at = '2027-03-25T03:00:00.000Z';
const nip = '199001012015011001';

const anApplication = anApplicationRecord;

/** Sri Lestari's ASN record at version 4, holding no confirmed placement. */
function anAsn(overrides: Partial<AsnRecord> = {}): AsnRecord {
  return { nip, name: 'Sri Lestari', unit: 'Dinas Pendidikan', periods: {}, version: 4, ...overrides };
}

function anEvent(overrides: Partial<SubjectEvent> = {}): SubjectEvent {
  return {
    subject: { type: 'application', id: 'a-1' },
    key: 'confirmed',
    type: 'confirmed',
    at,
    actor: { role: 'system' },
    fromStatus: 'HOST_REVIEW',
    toStatus: 'CONFIRMED',
    ...overrides,
  };
}

/** The transaction items of the only TransactWriteCommand sent. */
function sentTransaction(): TransactItem[] {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems ?? [];
}

/** The first item of `items` whose key is `key`. */
function itemAt(items: TransactItem[], key: { pk: string; sk: string }): TransactItem | undefined {
  return items.find((item) => {
    const k = item.Update?.Key ?? item.ConditionCheck?.Key ?? item.Delete?.Key ?? item.Put?.Item;
    return k?.pk === key.pk && k?.sk === key.sk;
  });
}

/** A transaction DynamoDB cancelled, with one reason per item in order. */
function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

beforeEach(() => {
  ddb.reset();
});

describe('overlaps', () => {
  const april = { startDate: '2027-04-05', endDate: '2027-04-16' };

  it('counts a shared first or last day as an overlap', () => {
    expect(overlaps(april, { startDate: '2027-04-16', endDate: '2027-04-20' })).toBe(true);
    expect(overlaps(april, { startDate: '2027-04-01', endDate: '2027-04-05' })).toBe(true);
  });

  it('does not count placements on adjacent days as overlapping', () => {
    expect(overlaps(april, { startDate: '2027-04-17', endDate: '2027-04-20' })).toBe(false);
    expect(overlaps(april, { startDate: '2027-04-01', endDate: '2027-04-04' })).toBe(false);
  });

  it('counts one placement inside another, and a one-day placement on a shared day', () => {
    expect(overlaps(april, { startDate: '2027-04-08', endDate: '2027-04-09' })).toBe(true);
    expect(overlaps({ startDate: '2027-04-10', endDate: '2027-04-10' }, april)).toBe(true);
  });

  it('answers the same whichever range comes first', () => {
    const may = { startDate: '2027-05-01', endDate: '2027-05-02' };
    expect(overlaps(may, april)).toBe(overlaps(april, may));
    expect(overlaps({ startDate: '2027-04-16', endDate: '2027-04-20' }, april)).toBe(true);
  });
});

describe('PlacementRepository.reserveSeat', () => {
  it('takes the seat, confirms the application, records its dates and names the ASN for the year, in one transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const result = await repo.reserveSeat(anApplication(), anAsn(), anEvent());

    // Assert
    expect(result).toBe('confirmed');
    const items = sentTransaction();
    expect(items).toHaveLength(5);
    expect(items[0]!.Update).toMatchObject({
      TableName: table,
      Key: { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' },
      ConditionExpression: '#status = :published AND #taken < #data.#seats',
      UpdateExpression: 'SET #taken = #taken + :one, updatedAt = :at',
      ExpressionAttributeNames: { '#status': 'status', '#taken': 'seatsTaken', '#data': 'data', '#seats': 'seats' },
      ExpressionAttributeValues: { ':published': 'PUBLISHED', ':one': 1 },
    });
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: 'APPLICATION#a-1', sk: 'APPLICATION' },
      ConditionExpression: '#status IN (:from0)',
      ExpressionAttributeValues: { ':from0': 'HOST_REVIEW', ':to': 'CONFIRMED' },
    });
    expect(items[2]!.Update).toMatchObject({
      Key: { pk: `ASN#${nip}`, sk: 'ASN' },
      ConditionExpression: '#version = :version',
      UpdateExpression: 'SET periods.#app = :period, #version = :next, #name = :name, #unit = :unit',
      ExpressionAttributeNames: { '#app': 'a-1' },
      ExpressionAttributeValues: { ':version': 4, ':next': 5, ':period': { startDate: '2027-04-05', endDate: '2027-04-16' } },
    });
    expect(items[3]!.Put?.Item).toMatchObject({ pk: 'APPLICATION#a-1', sk: 'EVENT#confirmed', type: 'confirmed' });
    expect(items[4]!.Update).toMatchObject({
      Key: { pk: `ASN#${nip}`, sk: 'YEAR#2027' },
      ExpressionAttributeValues: { ':gsi1pk': 'JPYEAR#2027', ':year': 2027, ':name': anApplication().data.name, ':unit': anApplication().data.unit },
    });
  });

  it('answers full when only the placement item failed its condition', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).resolves.toBe('full');
  });

  it('answers moved when the application is no longer in host review', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).resolves.toBe('moved');
  });

  it('answers asn-changed when the ASN record is no longer at the version read', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).resolves.toBe('asn-changed');
  });

  it('answers asn-changed rather than full when both failed, so the caller reads again before waitlisting', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed', 'None'));

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).resolves.toBe('asn-changed');
  });

  it('answers busy when another transaction held an item and no condition failed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None', 'None', 'None'));

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).resolves.toBe('busy');
  });

  it('rethrows any other failure unchanged', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    ddb.on(TransactWriteCommand).rejects(throttled);

    await expect(repo.reserveSeat(anApplication(), anAsn(), anEvent())).rejects.toBe(throttled);
  });
});

describe('PlacementRepository.waitlistPosition', () => {
  it('counts only the entries that joined the waitlist before this one', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Count: 2 });
    const app = anApplication({ status: 'WAITLISTED', waitlistedAt: at });

    // Act
    const position = await repo.waitlistPosition(app);

    // Assert
    expect(position).toBe(3);
    const queries = ddb.commandCalls(QueryCommand);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.args[0].input).toMatchObject({
      TableName: table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :mine',
      ExpressionAttributeValues: { ':pk': 'PLACEMENT#pl-1#WAITLIST', ':mine': `${at}#a-1` },
      Select: 'COUNT',
    });
  });

  it('puts the first in line at position 1', async () => {
    ddb.on(QueryCommand).resolves({ Count: 0 });

    await expect(repo.waitlistPosition(anApplication({ status: 'WAITLISTED', waitlistedAt: at }))).resolves.toBe(1);
  });

  it('has no position for an application that is not waitlisted, and does not query', async () => {
    await expect(repo.waitlistPosition(anApplication({ status: 'CONFIRMED' }))).resolves.toBeUndefined();

    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('PlacementRepository.waitlistApplication', () => {
  it("moves the application from host review onto the placement's waitlist, ordered by when it joined", async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.waitlistApplication(anApplication(), anEvent({ key: 'waitlisted', type: 'waitlisted', toStatus: 'WAITLISTED' }));

    const items = sentTransaction();
    expect(itemAt(items, { pk: 'APPLICATION#a-1', sk: 'APPLICATION' })?.Update).toMatchObject({
      ExpressionAttributeValues: {
        ':from0': 'HOST_REVIEW',
        ':to': 'WAITLISTED',
        ':x_gsi2pk': 'PLACEMENT#pl-1#WAITLIST',
        ':x_gsi2sk': `${at}#a-1`,
        ':x_waitlistedAt': at,
      },
    });
    // The placement is only checked, not changed: still full, or the seat freed meanwhile is reserved instead.
    expect(itemAt(items, { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' })).toEqual({
      ConditionCheck: expect.objectContaining({ ConditionExpression: '#taken >= #data.#seats' }),
    });
  });
});

describe('PlacementRepository.withdraw', () => {
  const withdrawn = anEvent({ key: 'withdrawn', type: 'withdrawn', fromStatus: 'CONFIRMED', toStatus: 'WITHDRAWN' });
  const confirmed = anApplication({ status: 'CONFIRMED' });
  const asn = anAsn({ periods: { 'a-1': { startDate: '2027-04-05', endDate: '2027-04-16' } } });
  const waiting = anApplication({
    id: 'a-2',
    status: 'WAITLISTED',
    waitlistedAt: at,
    data: { ...anApplication().data, nip: '198502152010012003', name: 'Dewi Rahayu', email: 'dewi@surakarta.go.id' },
  });
  const waitingAsn = anAsn({ nip: '198502152010012003', name: 'Dewi Rahayu', version: 7 });
  const promoted = anEvent({ subject: { type: 'application', id: 'a-2' }, key: 'promoted', type: 'promoted', fromStatus: 'WAITLISTED', toStatus: 'CONFIRMED' });

  it('hands a confirmed seat to the waitlisted application in the same transaction, leaving seatsTaken alone', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await repo.withdraw({ app: confirmed, event: withdrawn, asn, promote: { app: waiting, asn: waitingAsn, event: promoted } });

    // Assert
    const items = sentTransaction();
    expect(itemAt(items, { pk: 'APPLICATION#a-1', sk: 'APPLICATION' })?.Update).toMatchObject({
      ExpressionAttributeValues: { ':from0': 'CONFIRMED', ':to': 'WITHDRAWN' },
    });
    expect(itemAt(items, { pk: `ASN#${nip}`, sk: 'ASN' })?.Update).toMatchObject({
      ConditionExpression: '#version = :version',
      UpdateExpression: 'REMOVE periods.#app SET #version = :next',
      ExpressionAttributeNames: { '#app': 'a-1' },
      ExpressionAttributeValues: { ':version': 4, ':next': 5 },
    });
    expect(itemAt(items, { pk: 'APPLICATION#a-2', sk: 'APPLICATION' })?.Update).toMatchObject({
      ConditionExpression: '#status IN (:from0)',
      ExpressionAttributeValues: { ':from0': 'WAITLISTED', ':to': 'CONFIRMED' },
    });
    expect(itemAt(items, { pk: 'ASN#198502152010012003', sk: 'ASN' })?.Update).toMatchObject({
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#app': 'a-2' },
      ExpressionAttributeValues: { ':version': 7, ':next': 8, ':period': { startDate: '2027-04-05', endDate: '2027-04-16' } },
    });
    expect(itemAt(items, { pk: 'APPLICATION#a-2', sk: 'EVENT#promoted' })).toBeDefined();
    expect(itemAt(items, { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' })).toBeUndefined();
  });

  it('takes the promoted application off the waitlist index', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.withdraw({ app: confirmed, event: withdrawn, asn, promote: { app: waiting, asn: waitingAsn, event: promoted } });

    const update = itemAt(sentTransaction(), { pk: 'APPLICATION#a-2', sk: 'APPLICATION' })!.Update!;
    expect(update.UpdateExpression).toMatch(/ REMOVE #x_gsi2pk, #x_gsi2sk$/);
    expect(update.ExpressionAttributeNames).toMatchObject({ '#x_gsi2pk': 'gsi2pk', '#x_gsi2sk': 'gsi2sk' });
  });

  it('frees the seat when nobody is waiting: seatsTaken - 1, only while it is above zero', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await repo.withdraw({ app: confirmed, event: withdrawn, asn });

    // Assert
    const items = sentTransaction();
    expect(itemAt(items, { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' })?.Update).toEqual({
      TableName: table,
      Key: { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' },
      ConditionExpression: '#taken > :zero',
      UpdateExpression: 'SET #taken = #taken - :one, updatedAt = :at',
      ExpressionAttributeNames: { '#taken': 'seatsTaken' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': at },
    });
    expect(itemAt(items, { pk: `ASN#${nip}`, sk: 'ASN' })?.Update?.UpdateExpression).toBe('REMOVE periods.#app SET #version = :next');
    expect(items.filter((item) => item.Update?.ExpressionAttributeValues?.[':to'] === 'CONFIRMED')).toEqual([]);
  });

  it("closes the link open at the application's step in the same transaction, only while it holds the (sealed) task token read", async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const hostReview = anApplication({ status: 'HOST_REVIEW', openLink: 'h'.repeat(64) });

    await repo.withdraw({ app: hostReview, event: withdrawn, openLink: { hash: 'h'.repeat(64), sealedTaskToken: 'sealed-task-token-read' } });

    const items = sentTransaction();
    // Only while the link is still bound to the wait that was read: a reminder re-binding it meanwhile makes the withdrawal read again.
    expect(itemAt(items, { pk: `LINK#${'h'.repeat(64)}`, sk: 'LINK' })?.Update).toMatchObject({
      ConditionExpression: '#state = :pending AND (#sealedTaskToken = :bound OR #taskToken = :bound)',
      ExpressionAttributeValues: { ':pending': 'PENDING', ':state': 'SUPERSEDED', ':bound': 'sealed-task-token-read' },
    });
    expect(itemAt(items, { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' })).toBeUndefined();
  });

  it('leaves the seat and the ASN alone when an unconfirmed application is withdrawn, and frees its NIP’s claim', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.withdraw({ app: anApplication({ status: 'WAITLISTED', waitlistedAt: at }), event: withdrawn });

    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[0]!.Update?.UpdateExpression).toContain('REMOVE #x_openLink, #x_gsi2pk, #x_gsi2sk');
    expect(items[2]!.Delete).toMatchObject({ Key: { pk: 'PLACEMENT#pl-1', sk: `NIP#${nip}` } });
  });

  it('frees the claim of a rejected application with its move, and of an application whose step expired', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: { pk: 'APPLICATION#a-1', sk: 'APPLICATION', ...anApplication({ status: 'HOST_REVIEW' }) } });
    const subject = { type: 'application', id: 'a-1' };

    await repo.moveSubject({ subject, fromStatuses: ['HOST_REVIEW'], toStatus: 'REJECTED', event: anEvent(), application: anApplication() });
    await repo.expireStep('h'.repeat(64), subject, ['HOST_REVIEW'], anEvent());
    await repo.moveSubject({ subject, fromStatuses: ['HOST_REVIEW'], toStatus: 'CONFIRMED', event: anEvent(), application: anApplication() });

    const [rejected, expired, confirmed] = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
    const claim = { pk: 'PLACEMENT#pl-1', sk: `NIP#${nip}` };
    expect(rejected!.filter((i) => i.Delete)).toEqual([{ Delete: { TableName: table, Key: claim } }]);
    expect(expired!.filter((i) => i.Delete)).toEqual([{ Delete: { TableName: table, Key: claim } }]);
    expect(confirmed!.filter((i) => i.Delete)).toEqual([]);
  });

  it('refuses to withdraw a confirmed application without its ASN record, writing nothing', async () => {
    const error = await rejectionOf(repo.withdraw({ app: confirmed, event: withdrawn }));

    expect((error as Error).message).toMatch(/ASN record/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('throws a StepConflict with the status read again when a condition failed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));
    ddb
      .on(GetCommand, { Key: { pk: 'APPLICATION#a-1', sk: 'APPLICATION' } })
      .resolves({ Item: { pk: 'APPLICATION#a-1', sk: 'APPLICATION', ...anApplication({ status: 'IN_PROGRESS' }) } });

    const error = await rejectionOf(repo.withdraw({ app: confirmed, event: withdrawn, asn }));

    expect(error).toBeInstanceOf(StepConflict);
    expect((error as StepConflict).status).toBe('IN_PROGRESS');
  });
});

describe('PlacementRepository.createPendingApplication', () => {
  const track: TrackLink = { kind: 'track', hash: 't'.repeat(64), subject: { type: 'application', id: 'a-1' }, createdAt: at, pageSecret: 'page-secret' };
  const confirm = aPendingConfirmation({ subject: { type: 'application', id: 'a-1' } });

  it('writes the unconfirmed application, its tracking link and its confirmation link, each new and each with the window’s ttl', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const app = anApplication({ status: 'UNCONFIRMED' });

    await repo.createPendingApplication(app, track, confirm);

    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items.map((item) => item.Put?.ConditionExpression)).toEqual(Array(3).fill('attribute_not_exists(pk)'));
    expect(items.map((item) => item.Put?.Item?.ttl)).toEqual([confirm.ttl, confirm.ttl, confirm.ttl]);
    expect(items[0]!.Put?.Item).toMatchObject({ pk: 'APPLICATION#a-1', sk: 'APPLICATION', entity: 'application', status: 'UNCONFIRMED' });
    expect(items[1]!.Put?.Item).toMatchObject({ pk: `LINK#${track.hash}`, sk: 'LINK', kind: 'track' });
    expect(items[2]!.Put?.Item).toMatchObject({ pk: `LINK#${confirm.link.hash}`, sk: 'LINK', kind: 'confirm', state: 'PENDING' });
  });

  it('claims no NIP, touches no ASN record and lists nothing until the application is confirmed', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.createPendingApplication(anApplication({ status: 'UNCONFIRMED' }), track, confirm);

    const items = sentTransaction();
    expect(itemAt(items, { pk: 'PLACEMENT#pl-1', sk: `NIP#${nip}` })).toBeUndefined();
    expect(items.some((item) => String(item.Put?.Item?.pk ?? item.Update?.Key?.pk).startsWith('ASN#'))).toBe(false);
    expect(items[0]!.Put?.Item).not.toHaveProperty('gsi1pk');
  });

  it('adds the idempotency record, guarded and kept for a day', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.createPendingApplication(anApplication({ status: 'UNCONFIRMED' }), track, confirm, {
      keyHash: 'k'.repeat(64),
      requestHash: 'r'.repeat(64),
      createdId: 'a-1',
    });

    const items = sentTransaction();
    expect(items).toHaveLength(4);
    expect(items[3]!.Put).toMatchObject({
      Item: { pk: `IDEMPOTENCY#${'k'.repeat(64)}`, createdId: 'a-1', ttl: Date.parse('2027-03-01T03:00:00.000Z') / 1000 + 86_400 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});

describe('PlacementRepository.deletePendingApplication', () => {
  it('removes the application only while it is unconfirmed, with both its links and its idempotent answer, together', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const app = anApplication({ status: 'UNCONFIRMED' });
    const confirm = aPendingConfirmation({ subject: { type: 'application', id: app.id } });

    await repo.deletePendingApplication(
      app,
      { kind: 'track', hash: 't'.repeat(64), subject: { type: 'application', id: app.id }, createdAt: at, pageSecret: 's' },
      confirm,
      'k'.repeat(64),
    );

    const items = sentTransaction();
    expect(items).toHaveLength(4);
    expect(items[0]!.Delete).toMatchObject({
      Key: { pk: `APPLICATION#${app.id}`, sk: 'APPLICATION' },
      ConditionExpression: '#status = :unconfirmed',
      ExpressionAttributeValues: { ':unconfirmed': 'UNCONFIRMED' },
    });
    expect(items.slice(1).map((i) => i.Delete?.Key?.pk)).toEqual([`LINK#${'t'.repeat(64)}`, `LINK#${confirm.link.hash}`, `IDEMPOTENCY#${'k'.repeat(64)}`]);
  });
});

describe('PlacementRepository.confirmApplication', () => {
  const confirm = aConfirmLink({ subject: { type: 'application', id: 'a-1' } });
  const submitted = anEvent({ key: 'submitted', type: 'submitted', fromStatus: undefined, toStatus: 'SUBMITTED' });
  const args = (overrides: { asnVersion?: number } = { asnVersion: 4 }) => ({
    confirm,
    application: anApplication({ status: 'UNCONFIRMED' }),
    trackHash: 't'.repeat(64),
    event: submitted,
    asnVersion: overrides.asnVersion,
    today: '2027-03-01',
  });
  /** The items in the order the failure mapping reads them by. */
  const order = ['placement', 'claim', 'asn', 'confirm link', 'application', 'track link', 'event'];
  const failing = (...at: number[]) => cancelled(...order.map((_, i) => (at.includes(i) ? 'ConditionalCheckFailed' : 'None')));

  it('checks the placement is open, claims the NIP and checks the ASN record unchanged, in one transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await repo.confirmApplication(args());

    // Assert
    const items = sentTransaction();
    expect(items).toHaveLength(order.length);
    expect(items[0]!.ConditionCheck).toMatchObject({
      Key: { pk: 'PLACEMENT#pl-1', sk: 'PLACEMENT' },
      ConditionExpression: '#status = :published AND #data.#deadline >= :today AND #data.#start > :today',
      ExpressionAttributeValues: { ':published': 'PUBLISHED', ':today': '2027-03-01' },
    });
    expect(items[1]!.Put).toMatchObject({
      Item: { pk: 'PLACEMENT#pl-1', sk: `NIP#${nip}`, applicationId: 'a-1' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[2]!.Update).toMatchObject({
      Key: { pk: `ASN#${nip}`, sk: 'ASN' },
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 4 },
    });
  });

  it('uses the confirmation link once while it is open, and makes the application SUBMITTED, listed and kept, with its first event', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.confirmApplication(args());

    const items = sentTransaction();
    expect(items[3]!.Update).toMatchObject({
      Key: { pk: `LINK#${confirm.hash}`, sk: 'LINK' },
      ConditionExpression: '#state = :pending AND #expiresAt > :now',
      ExpressionAttributeValues: { ':pending': 'PENDING', ':used': 'USED', ':now': at, ':outcome': { result: 'confirmed', at } },
    });
    expect(items[4]!.Update).toMatchObject({
      Key: { pk: 'APPLICATION#a-1', sk: 'APPLICATION' },
      ConditionExpression: '#status = :unconfirmed',
      ExpressionAttributeValues: {
        ':unconfirmed': 'UNCONFIRMED',
        ':to': 'SUBMITTED',
        ':gsi1pk': 'PLACEMENT#pl-1#APPLICATIONS',
        ':gsi1sk': '2027-03-01T03:00:00.000Z#a-1',
      },
    });
    expect(items[4]!.Update?.UpdateExpression).toMatch(/REMOVE #ttl/);
    expect(items[5]!.Update).toMatchObject({ Key: { pk: `LINK#${'t'.repeat(64)}`, sk: 'LINK' }, UpdateExpression: 'REMOVE #ttl' });
    expect(items[6]!.Put?.Item).toMatchObject({ pk: 'APPLICATION#a-1', sk: 'EVENT#submitted', entity: 'event', toStatus: 'SUBMITTED' });
  });

  it('names no one: the ASN record gets no name or unit, and no yearly JP record is made, until a seat is confirmed', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.confirmApplication(args());

    const items = sentTransaction();
    const asn = itemAt(items, { pk: `ASN#${nip}`, sk: 'ASN' })!.Update!;
    expect(asn.UpdateExpression).not.toMatch(/#name|#unit/);
    expect(asn.ExpressionAttributeValues).not.toHaveProperty(':name');
    expect(itemAt(items, { pk: `ASN#${nip}`, sk: 'YEAR#2027' })).toBeUndefined();
  });

  it('expects no ASN record yet when none was read', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.confirmApplication(args({}));

    const asn = itemAt(sentTransaction(), { pk: `ASN#${nip}`, sk: 'ASN' })!.Update!;
    expect(asn.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(asn.ExpressionAttributeValues).not.toHaveProperty(':version');
  });

  it.each([3, 4])('throws a StepConflict with the link and status read again when item %i (the link or the application) failed', async (index) => {
    ddb.on(TransactWriteCommand).rejects(failing(index, 1));
    const used = { ...confirm, state: 'USED' as const, outcome: { result: 'confirmed' as const, at } };
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `LINK#${confirm.hash}`, sk: 'LINK' } }).resolves({ Item: { pk: `LINK#${confirm.hash}`, sk: 'LINK', ...used } });
    ddb
      .on(GetCommand, { Key: { pk: 'APPLICATION#a-1', sk: 'APPLICATION' } })
      .resolves({ Item: { pk: 'APPLICATION#a-1', sk: 'APPLICATION', ...anApplication({ status: 'SUBMITTED' }) } });

    const error = await rejectionOf(repo.confirmApplication(args()));

    expect(error).toBeInstanceOf(StepConflict);
    expect((error as StepConflict).link).toEqual(used);
    expect((error as StepConflict).status).toBe('SUBMITTED');
  });

  it('refuses a second application of the same NIP as a duplicate, even when the placement closed too', async () => {
    ddb.on(TransactWriteCommand).rejects(failing(0, 1));

    const error = await rejectionOf(repo.confirmApplication(args()));

    expect(error).toBeInstanceOf(ApplicationRefused);
    expect((error as ApplicationRefused).reason).toBe('duplicate');
  });

  it('refuses an application for a placement that is no longer open as closed', async () => {
    ddb.on(TransactWriteCommand).rejects(failing(0));

    const error = await rejectionOf(repo.confirmApplication(args()));

    expect(error).toBeInstanceOf(ApplicationRefused);
    expect((error as ApplicationRefused).reason).toBe('closed');
  });

  it('answers changed when the ASN record moved on since it was read, for the caller to check again', async () => {
    ddb.on(TransactWriteCommand).rejects(failing(2));

    const error = await rejectionOf(repo.confirmApplication(args()));

    expect((error as ApplicationRefused).reason).toBe('changed');
  });

  it('answers changed when another transaction held an item', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict', 'None', 'None', 'None', 'None', 'None'));

    const error = await rejectionOf(repo.confirmApplication(args()));

    expect((error as ApplicationRefused).reason).toBe('changed');
  });

  it('rethrows any other failure unchanged', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    ddb.on(TransactWriteCommand).rejects(throttled);

    expect(await rejectionOf(repo.confirmApplication(args()))).toBe(throttled);
  });
});

describe('PlacementRepository.refuseApplication', () => {
  const confirm = aConfirmLink({ subject: { type: 'application', id: 'a-1' } });
  const refused = anEvent({ key: 'confirm:refused', type: 'rejected', fromStatus: 'UNCONFIRMED', toStatus: 'REJECTED' });

  it('uses the link as refused and rejects the application from UNCONFIRMED, unlisted and still removed by its ttl, with its event', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await repo.refuseApplication(confirm, anApplication({ status: 'UNCONFIRMED' }), refused);

    const items = sentTransaction();
    expect(items).toHaveLength(3);
    expect(items[0]!.Update).toMatchObject({
      Key: { pk: `LINK#${confirm.hash}`, sk: 'LINK' },
      ConditionExpression: '#state = :pending AND #expiresAt > :now',
      ExpressionAttributeValues: { ':outcome': { result: 'refused', at } },
    });
    const app = items[1]!.Update!;
    expect(app).toMatchObject({
      Key: { pk: 'APPLICATION#a-1', sk: 'APPLICATION' },
      ConditionExpression: '#status = :unconfirmed',
      ExpressionAttributeValues: { ':to': 'REJECTED' },
    });
    expect(app.UpdateExpression).not.toMatch(/gsi1pk|REMOVE/);
    expect(items[2]!.Put?.Item).toMatchObject({ sk: 'EVENT#confirm:refused', toStatus: 'REJECTED' });
    // No claim is taken and no ASN record written for a refusal.
    expect(items.some((item) => item.Put?.Item?.sk === `NIP#${nip}` || item.Update?.Key?.pk === `ASN#${nip}`)).toBe(false);
  });

  it('throws a StepConflict when another press was written first', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    ddb.on(GetCommand).resolves({});

    expect(await rejectionOf(repo.refuseApplication(confirm, anApplication({ status: 'UNCONFIRMED' }), refused))).toBeInstanceOf(StepConflict);
  });
});

describe('PlacementRepository.closeOpenLink', () => {
  it('ends the open link and forgets it on the application, only while both are as read', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const app = anApplication({ status: 'REPORT_DUE', openLink: 'r'.repeat(64) });

    await repo.closeOpenLink(app, at);

    const items = sentTransaction();
    expect(itemAt(items, { pk: `LINK#${'r'.repeat(64)}`, sk: 'LINK' })?.Update).toMatchObject({
      ConditionExpression: '#state = :pending',
      ExpressionAttributeValues: { ':state': 'EXPIRED' },
    });
    expect(itemAt(items, { pk: `APPLICATION#${app.id}`, sk: 'APPLICATION' })?.Update).toMatchObject({
      ConditionExpression: '#status = :status AND openLink = :link',
      UpdateExpression: 'REMOVE openLink SET updatedAt = :at',
      ExpressionAttributeValues: { ':status': 'REPORT_DUE', ':link': 'r'.repeat(64) },
    });
  });
});

describe('PlacementRepository.credit', () => {
  const completed = anEvent({ key: 'completed', type: 'completed', fromStatus: 'COMPLETION_REVIEW', toStatus: 'COMPLETED', hours: 12 });

  it("completes the application, writes the JP credit once and adds the hours to the ASN's year, together", async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await repo.credit(anApplication({ status: 'COMPLETION_REVIEW' }), 12, 2027, completed);

    // Assert
    const items = sentTransaction();
    expect(itemAt(items, { pk: 'APPLICATION#a-1', sk: 'APPLICATION' })?.Update).toMatchObject({
      ExpressionAttributeValues: { ':from0': 'COMPLETION_REVIEW', ':to': 'COMPLETED', ':x_creditedHours': 12 },
    });
    expect(itemAt(items, { pk: `ASN#${nip}`, sk: 'JP#2027#a-1' })?.Put).toMatchObject({
      Item: { entity: 'jp-credit', nip, year: 2027, applicationId: 'a-1', placementId: 'pl-1', hours: 12 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const year = itemAt(items, { pk: `ASN#${nip}`, sk: 'YEAR#2027' })!.Update!;
    expect(year.UpdateExpression).toMatch(/ ADD jp :hours$/);
    expect(year.ExpressionAttributeValues).toMatchObject({ ':hours': 12, ':gsi1pk': 'JPYEAR#2027', ':year': 2027 });
    expect(itemAt(items, { pk: 'APPLICATION#a-1', sk: 'EVENT#completed' })).toBeDefined();
  });
});
