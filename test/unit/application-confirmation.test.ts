import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnavailableError } from '../../shared/kernel/errors.js';
import { logger } from '../../shared/kernel/logger.js';
import type { Mail, Mailer, Workflows } from '../../shared/kernel/ports.js';
import { confirmableApplication } from '../../shared/placements/application-confirmation.js';
import type { ApplicationRecord } from '../../shared/placements/placement-records.js';
import { type AsnRecord, PlacementRepository } from '../../shared/placements/placement-repository.js';
import { confirmableProposal } from '../../shared/proposals/proposal-confirmation.js';
import { ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { aConfig, aConfirmLink, anApplicationRecord, aProposalRecord, rejectionOf } from '../support/fixtures.js';

/**
 * Pressing the button of an application's confirmation, through the real repository with the
 * table mocked: the rules a submission could not check without telling a stranger about a NIP
 * are checked here, and a refusal is told to the confirmed address only.
 */

const table = 'sinergi-table';
const config = aConfig();
const ddb = mockClient(DynamoDBDocumentClient);
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' }));
/** 1 March 2027, 12:00 WIB: two hours after Sri Lestari applied. */
const now = new Date('2027-03-01T05:00:00.000Z');
const nip = '199001012015011001';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}

class RecordingWorkflows implements Workflows {
  readonly started: { name: string; input: Record<string, unknown> }[] = [];
  failure: Error | undefined;
  async start(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }> {
    if (this.failure) throw this.failure;
    this.started.push({ name, input });
    return { executionArn: `arn:${name}` };
  }
  async complete(): Promise<'delivered' | 'gone'> {
    throw new Error('a confirmation completes no step');
  }
}

const link = aConfirmLink({
  subject: { type: 'application', id: 'a-1' },
  holder: { name: 'Sri Lestari', email: 'sri.lestari@surakarta.go.id', language: 'id' },
});
const application = (overrides: Partial<ApplicationRecord> = {}) =>
  anApplicationRecord({ status: 'UNCONFIRMED', createdAt: '2027-03-01T03:00:00.000Z', updatedAt: '2027-03-01T03:00:00.000Z', ...overrides });

function setting() {
  const mailer = new RecordingMailer();
  const workflows = new RecordingWorkflows();
  const deps = { placements: new PlacementRepository(db, table), mailer, clock: { now: () => now }, config, workflows: { applications: workflows } };
  return { mailer, workflows, route: confirmableApplication(deps) };
}

/** The table holds Sri Lestari's ASN record. */
function storeAsn(asn: Partial<AsnRecord>) {
  ddb.on(GetCommand, { Key: { pk: `ASN#${nip}`, sk: 'ASN' } }).resolves({ Item: { pk: `ASN#${nip}`, sk: 'ASN', nip, periods: {}, version: 2, ...asn } });
}

/** A confirmation transaction cancelled because the item at `index` failed its condition (0 placement, 1 claim, 2 ASN). */
function failedAt(index: number): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: Array.from({ length: 7 }, (_, i) => ({ Code: i === index ? 'ConditionalCheckFailed' : 'None' })),
  });
}

const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
/** A confirmation claims the NIP; a refusal does not. */
const isConfirmation = (items: TransactItem[]) => items.some((item) => item.Put?.Item?.sk === `NIP#${nip}`);
const isRefusal = (items: TransactItem[]) => items.some((item) => item.Update?.ExpressionAttributeValues?.[':to'] === 'REJECTED');

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

afterAll(() => {
  ddb.restore();
});

describe('confirmableApplication.confirm', () => {
  it('confirms an application no other stands in the way of, in one transaction, and mails no one', async () => {
    const { mailer, route } = setting();

    const result = await route.confirm(link, application(), now);

    expect(result).toBe('confirmed');
    const all = transactions();
    expect(all).toHaveLength(1);
    expect(isConfirmation(all[0]!)).toBe(true);
    expect(mailer.sent).toEqual([]);
  });

  it('writes the ASN record only at the version the overlap check read', async () => {
    const { route } = setting();
    storeAsn({ version: 7 });

    await route.confirm(link, application(), now);

    const asn = transactions()[0]!.find((item) => item.Update?.Key?.pk === `ASN#${nip}`)!.Update!;
    expect(asn.ExpressionAttributeValues?.[':version']).toBe(7);
  });

  it.each([
    ['duplicate', 1, 'sudah terdaftar untuk penempatan ini'],
    ['closed', 0, 'sudah ditutup sebelum konfirmasi Anda'],
  ] as const)('refuses a %s application and mails the reason to the confirmed address', async (_, index, reason) => {
    const { mailer, route } = setting();
    ddb.on(TransactWriteCommand).rejectsOnce(failedAt(index)).resolves({});

    const result = await route.confirm(link, application(), now);

    expect(result).toBe('refused');
    const [tried, refusal] = transactions();
    expect(isConfirmation(tried!)).toBe(true);
    expect(isRefusal(refusal!)).toBe(true);
    expect(refusal![0]!.Update?.ExpressionAttributeValues?.[':outcome']).toEqual({ result: 'refused', at: now.toISOString() });
    expect(refusal![2]!.Put?.Item).toMatchObject({ type: 'rejected', fromStatus: 'UNCONFIRMED', toStatus: 'REJECTED', actor: { role: 'system' } });
    expect(mailer.sent.map((mail) => mail.to)).toEqual(['sri.lestari@surakarta.go.id']);
    expect(mailer.sent[0]!.text).toContain(reason);
  });

  it('refuses an application whose NIP holds a confirmed placement on overlapping dates, without trying the claim', async () => {
    const { mailer, route } = setting();
    storeAsn({ periods: { 'a-0': { startDate: '2027-04-10', endDate: '2027-04-20' } } });

    const result = await route.confirm(link, application(), now);

    expect(result).toBe('refused');
    const all = transactions();
    expect(all).toHaveLength(1);
    expect(isConfirmation(all[0]!)).toBe(false);
    expect(isRefusal(all[0]!)).toBe(true);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.text).toContain('bertumpang tindih');
    expect(mailer.sent[0]!.text).toContain(nip);
  });

  it('does not count a confirmed placement on other dates as an overlap', async () => {
    const { route } = setting();
    storeAsn({ periods: { 'a-0': { startDate: '2027-05-01', endDate: '2027-05-10' } } });

    expect(await route.confirm(link, application(), now)).toBe('confirmed');
  });

  it('checks again and confirms when the ASN record changed between the check and the write', async () => {
    const { mailer, route } = setting();
    storeAsn({ version: 2 });
    ddb.on(TransactWriteCommand).rejectsOnce(failedAt(2)).resolves({});

    const result = await route.confirm(link, application(), now);

    expect(result).toBe('confirmed');
    expect(transactions().map(isConfirmation)).toEqual([true, true]);
    expect(ddb.commandCalls(GetCommand, { Key: { pk: `ASN#${nip}`, sk: 'ASN' } })).toHaveLength(2);
    expect(mailer.sent).toEqual([]);
  });

  it('refuses after checking again when the change was a confirmed placement on overlapping dates', async () => {
    const { route } = setting();
    ddb
      .on(GetCommand, { Key: { pk: `ASN#${nip}`, sk: 'ASN' } })
      .resolvesOnce({ Item: { pk: `ASN#${nip}`, sk: 'ASN', nip, periods: {}, version: 2 } })
      .resolves({ Item: { pk: `ASN#${nip}`, sk: 'ASN', nip, periods: { 'a-0': { startDate: '2027-04-05', endDate: '2027-04-16' } }, version: 3 } });
    ddb.on(TransactWriteCommand).rejectsOnce(failedAt(2)).resolves({});

    expect(await route.confirm(link, application(), now)).toBe('refused');
    expect(transactions().map(isRefusal)).toEqual([false, true]);
  });

  it('gives up with 503 after three changed records, refusing nothing', async () => {
    const { mailer, route } = setting();
    ddb.on(TransactWriteCommand).rejects(failedAt(2));

    const error = await rejectionOf(route.confirm(link, application(), now));

    expect(error).toBeInstanceOf(UnavailableError);
    expect(transactions()).toHaveLength(3);
    expect(transactions().some(isRefusal)).toBe(false);
    expect(mailer.sent).toEqual([]);
  });

  it('keeps the refusal when its mail cannot be sent', async () => {
    const { mailer, route } = setting();
    mailer.send = () => Promise.reject(new Error('SES is down'));
    ddb.on(TransactWriteCommand).rejectsOnce(failedAt(1)).resolves({});

    expect(await route.confirm(link, application(), now)).toBe('refused');
    expect(logger.error).toHaveBeenCalled();
  });
});

describe('confirmableApplication.start', () => {
  it('starts the application workflow under the application’s own name', async () => {
    const { workflows, route } = setting();

    await route.start(application());

    expect(workflows.started).toEqual([{ name: 'application-a-1', input: { applicationId: 'a-1' } }]);
  });

  it('takes a workflow an earlier press started as started', async () => {
    const { workflows, route } = setting();
    workflows.failure = Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' });

    await expect(route.start(application({ status: 'SUBMITTED' }))).resolves.toBeUndefined();
  });

  it('lets any other failure through, for the press to answer 503', async () => {
    const { workflows, route } = setting();
    workflows.failure = Object.assign(new Error('down'), { name: 'ServiceUnavailable' });

    expect(await rejectionOf(route.start(application()))).toBe(workflows.failure);
  });

  it('starts nothing for an application that has moved on since', async () => {
    const { workflows, route } = setting();

    await route.start(application({ status: 'SUPERVISOR_REVIEW' }));
    await route.start(application({ status: 'REJECTED' }));

    expect(workflows.started).toEqual([]);
  });
});

describe('confirmableProposal', () => {
  function proposalSetting() {
    const workflows = new RecordingWorkflows();
    const deps = { repo: new ProposalRepository(db, table), workflows, clock: { now: () => now }, config };
    return { workflows, route: confirmableProposal(deps) };
  }

  it('makes the proposal SUBMITTED with its first event, by the proposer', async () => {
    const { route } = proposalSetting();

    expect(await route.confirm(aConfirmLink(), aProposalRecord({ status: 'UNCONFIRMED' }), now)).toBe('confirmed');

    const [items] = transactions();
    expect(items![1]!.Update?.ExpressionAttributeValues).toMatchObject({ ':unconfirmed': 'UNCONFIRMED', ':submitted': 'SUBMITTED' });
    expect(items![3]!.Put?.Item).toMatchObject({ type: 'submitted', actor: { role: 'proposer', email: 'sri@uns.ac.id' }, at: now.toISOString() });
  });

  it('starts the review under the proposal’s own name, and takes one already started as started', async () => {
    const { workflows, route } = proposalSetting();

    await route.start(aProposalRecord({ status: 'UNCONFIRMED' }));
    workflows.failure = Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' });
    await route.start(aProposalRecord({ status: 'SUBMITTED' }));

    expect(workflows.started).toEqual([{ name: 'proposal-p-1', input: { proposalId: 'p-1' } }]);
  });

  it('starts nothing for a proposal past its first review', async () => {
    const { workflows, route } = proposalSetting();

    await route.start(aProposalRecord({ status: 'IN_REVIEW' }));
    await route.start(aProposalRecord({ status: 'SUBMITTED', round: 2 }));

    expect(workflows.started).toEqual([]);
  });
});
