import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TooManyRequestsError, UnavailableError, ValidationError } from '../../shared/kernel/errors.js';
import { errorResponse } from '../../shared/kernel/http/error-response.js';
import { logger } from '../../shared/kernel/logger.js';
import type { Mail, Mailer, Workflows } from '../../shared/kernel/ports.js';
import { CONFIRMATION_WINDOW_S } from '../../shared/kernel/steps/confirmation.js';
import { hashToken } from '../../shared/kernel/steps/tokens.js';
import { submitApplication } from '../../shared/placements/apply.js';
import { PlacementRepository } from '../../shared/placements/placement-repository.js';
import { ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { submitProposal } from '../../shared/proposals/submit-proposal.js';
import { aConfig, anApplicationRecord, aPlacementRecord, aProposalInput, rejectionOf } from '../support/fixtures.js';

/**
 * Anonymous submissions, through the real repositories with the table mocked: what is stored
 * (unconfirmed, removed after a day), who is mailed (the submitter, with nothing else anyone
 * typed), what starts (nothing), and in which order the limits and checks apply.
 */

const table = 'sinergi-table';
const config = aConfig();
const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' }));

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  failure: Error | undefined;
  async send(mail: Mail): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(mail);
  }
}

/** A submission starts nothing: any start is recorded, so a test can say none was made. */
class RecordingWorkflows implements Workflows {
  readonly started: string[] = [];
  async start(name: string): Promise<{ executionArn: string }> {
    this.started.push(name);
    return { executionArn: `arn:${name}` };
  }
  async complete(): Promise<'delivered' | 'gone'> {
    throw new Error('a submission completes no step');
  }
}

const statusOf = (error: unknown) => errorResponse(error, 'api', 'en').statusCode;

/** What each command sent to the table was, in order, named by what it is for. */
function tableSteps(): string[] {
  return ddb.calls().map((call) => {
    const command = call.args[0] as { input: { Key?: { pk?: string }; TransactItems?: TransactItem[] } };
    if (command instanceof UpdateCommand) return String(command.input.Key?.pk).split('#').slice(0, 2).join('#');
    if (command instanceof GetCommand) return `get ${String(command.input.Key?.pk).split('#')[0]}`;
    if (command instanceof TransactWriteCommand) return `write ${command.input.TransactItems?.map((i) => Object.keys(i)[0]).join(',')}`;
    return command.constructor.name;
  });
}

/** The table refuses the hourly slot of `scope` (another request took the last one). */
function slotRefused(scope: 'submission' | 'confirmation-mail') {
  ddb
    .on(UpdateCommand)
    .callsFake((input: { Key: { pk: string } }) =>
      input.Key.pk.startsWith(`RATE#${scope}#`)
        ? Promise.reject(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
        : Promise.resolve({}),
    );
}

const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
const putKeys = (items: TransactItem[]) => items.map((item) => ({ pk: item.Put?.Item?.pk, sk: item.Put?.Item?.sk }));
const deleteKeys = (items: TransactItem[]) => items.map((item) => item.Delete?.Key);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ddb.on(UpdateCommand).resolves({});
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

afterAll(() => {
  ddb.restore();
  sfn.restore();
});

// ---------------------------------------------------------------------------------------------

describe('submitProposal', () => {
  /** 1 February 2027, 10:00 WIB. */
  const now = new Date('2027-02-01T03:00:00.000Z');
  const summary = 'Kunjungi https://phish.example/hadiah sekarang juga';
  const input = aProposalInput({ summary, contact: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id', phone: '+62 271 646994' } });
  const ctx = { lang: 'id' as const, clientAddress: '203.0.113.7' };

  function setting() {
    const mailer = new RecordingMailer();
    const workflows = new RecordingWorkflows();
    const deps = { repo: new ProposalRepository(db, table), mailer, workflows, clock: { now: () => now }, config };
    return { mailer, workflows, deps };
  }

  it('answers UNCONFIRMED with the tracking link, and stores the proposal unconfirmed with its two links', async () => {
    const { deps } = setting();

    const result = await submitProposal(input, ctx, deps);

    expect(result.status).toBe('UNCONFIRMED');
    const [items] = transactions();
    expect(items).toHaveLength(3);
    expect(items![0]!.Put?.Item).toMatchObject({ pk: `PROPOSAL#${result.id}`, status: 'UNCONFIRMED' });
    const trackToken = result.trackingUrl.slice(`${config.PUBLIC_BASE_URL}/track/`.length);
    expect(items![1]!.Put?.Item).toMatchObject({ pk: `LINK#${hashToken(trackToken)}`, kind: 'track' });
    expect(items![2]!.Put?.Item).toMatchObject({ kind: 'confirm', state: 'PENDING', subject: { type: 'proposal', id: result.id } });
  });

  it('gives the three pending items the ttl at which the confirmation window ends', async () => {
    const { deps } = setting();

    await submitProposal(input, ctx, deps);

    const [items] = transactions();
    expect(items!.map((item) => item.Put?.Item?.ttl)).toEqual(Array(3).fill(now.getTime() / 1000 + CONFIRMATION_WINDOW_S));
  });

  it('mails the confirmation link to the contact, and to no one else', async () => {
    const { mailer, deps } = setting();

    await submitProposal(input, ctx, deps);

    expect(mailer.sent.map((mail) => mail.to)).toEqual(['sri@uns.ac.id']);
    const url = /https:\/\/sinergi\.surakarta\.go\.id\/confirm\/([A-Za-z0-9_-]{43})/.exec(mailer.sent[0]!.text);
    expect(url).not.toBeNull();
    // The link mailed is the one stored, by its hash.
    expect(transactions()[0]![2]!.Put?.Item?.pk).toBe(`LINK#${hashToken(url![1]!)}`);
  });

  it('mails nothing the proposer typed but their name and the title', async () => {
    const { mailer, deps } = setting();

    await submitProposal(input, ctx, deps);

    const [mail] = mailer.sent;
    for (const body of [mail!.text, mail!.html, mail!.subject]) {
      expect(body).not.toContain('phish.example');
      expect(body).not.toContain(input.institution.name);
      expect(body).not.toContain(input.contact.phone);
    }
    expect(mail!.text).toContain(input.title);
    expect(mail!.text).toContain('Dr. Sri Wahyuni');
  });

  it('starts no workflow', async () => {
    const { workflows, deps } = setting();

    await submitProposal(input, ctx, deps);

    expect(workflows.started).toEqual([]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('removes what it stored and answers 503 when the confirmation mail cannot be sent', async () => {
    const { mailer, deps } = setting();
    mailer.failure = Object.assign(new Error('SES is down'), { name: 'ServiceUnavailable' });

    const error = await rejectionOf(submitProposal(input, ctx, deps));

    expect(error).toBeInstanceOf(UnavailableError);
    expect(statusOf(error)).toBe(503);
    expect((error as Error).message).toContain('Tidak ada yang tersimpan');
    const [create, undo] = transactions();
    expect(deleteKeys(undo!)).toEqual(putKeys(create!));
    expect(undo![0]!.Delete?.ConditionExpression).toBe('#status = :unconfirmed');
  });

  it('answers 503 without claiming nothing was stored when the removal fails too', async () => {
    const { mailer, deps } = setting();
    mailer.failure = new Error('SES is down');
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(new Error('the table is down'));

    const error = await rejectionOf(submitProposal(input, ctx, deps));

    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).not.toContain('Tidak ada yang tersimpan');
  });

  it('answers 429 and writes nothing when the contact’s address has had its confirmation mails for the hour', async () => {
    const { mailer, deps } = setting();
    slotRefused('confirmation-mail');

    const error = await rejectionOf(submitProposal(input, ctx, deps));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(statusOf(error)).toBe(429);
    expect(transactions()).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });

  it('takes the submission slot, reads the body, then the mail slot, and writes last', async () => {
    const { deps } = setting();

    await submitProposal(input, { ...ctx, idempotencyKey: 'key-1' }, deps);

    expect(tableSteps()).toEqual(['RATE#submission', 'get IDEMPOTENCY', 'RATE#confirmation-mail', 'write Put,Put,Put,Put']);
  });

  it('refuses a client over its submissions before it reads the body or counts a mail', async () => {
    const { deps } = setting();
    slotRefused('submission');

    const error = await rejectionOf(submitProposal({ not: 'a proposal' }, ctx, deps));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(tableSteps()).toEqual(['RATE#submission']);
  });

  it('takes no mail slot for a body it refuses', async () => {
    const { deps } = setting();

    const error = await rejectionOf(submitProposal({ ...input, title: '' }, ctx, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect(tableSteps()).toEqual(['RATE#submission']);
  });

  it('answers a retry with the same key from the first answer, mailing nothing and taking no mail slot', async () => {
    const { mailer, deps } = setting();
    const first = await submitProposal(input, { ...ctx, idempotencyKey: 'key-1' }, deps);
    const stored = transactions()[0]!.find((item) => String(item.Put?.Item?.pk).startsWith('IDEMPOTENCY#'))!.Put!.Item!;
    ddb.reset();
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: stored });
    mailer.sent.length = 0;

    const again = await submitProposal(input, { ...ctx, idempotencyKey: 'key-1' }, deps);

    expect(again).toEqual(first);
    expect(tableSteps()).toEqual(['RATE#submission', 'get IDEMPOTENCY']);
    expect(mailer.sent).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('submitApplication', () => {
  /** 1 March 2027, 10:00 WIB: placement pl-1 takes applications until 20 March. */
  const now = new Date('2027-03-01T03:00:00.000Z');
  const placementId = '0b6f3c1e-6a8e-4c1e-9d7e-2f1a3b4c5d6e';
  const motivation = 'Hubungi saya di https://phish.example/hadiah';
  const supervisor = { name: 'Budi Santoso', email: 'budi.santoso@surakarta.go.id' };
  const input = { ...anApplicationRecord({}, { motivation, supervisor }).data };
  const ctx = { lang: 'id' as const, clientAddress: '203.0.113.7' };

  function setting() {
    const mailer = new RecordingMailer();
    const workflows = new RecordingWorkflows();
    const deps = { placements: new PlacementRepository(db, table), mailer, workflows: { applications: workflows }, clock: { now: () => now }, config };
    ddb
      .on(GetCommand, { Key: { pk: `PLACEMENT#${placementId}`, sk: 'PLACEMENT' } })
      .resolves({ Item: { pk: `PLACEMENT#${placementId}`, sk: 'PLACEMENT', ...aPlacementRecord({ id: placementId }) } });
    return { mailer, workflows, deps };
  }

  it('answers UNCONFIRMED, and stores the application with its two links and nothing else: no claim, no ASN record', async () => {
    const { deps } = setting();

    const result = await submitApplication(placementId, input, ctx, deps);

    expect(result.status).toBe('UNCONFIRMED');
    const [items] = transactions();
    expect(items!.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Put', 'Put']);
    expect(items![0]!.Put?.Item).toMatchObject({ pk: `APPLICATION#${result.id}`, status: 'UNCONFIRMED' });
    expect(items![2]!.Put?.Item).toMatchObject({ kind: 'confirm', subject: { type: 'application', id: result.id } });
    expect(items!.map((item) => String(item.Put?.Item?.pk))).not.toContainEqual(expect.stringMatching(/^ASN#|^PLACEMENT#/));
  });

  it('gives the three pending items the ttl at which the confirmation window ends', async () => {
    const { deps } = setting();

    await submitApplication(placementId, input, ctx, deps);

    expect(transactions()[0]!.map((item) => item.Put?.Item?.ttl)).toEqual(Array(3).fill(now.getTime() / 1000 + CONFIRMATION_WINDOW_S));
  });

  it('mails the confirmation link to the applicant alone: not to the supervisor', async () => {
    const { mailer, deps } = setting();

    await submitApplication(placementId, input, ctx, deps);

    expect(mailer.sent.map((mail) => mail.to)).toEqual([input.email]);
    expect(mailer.sent[0]!.text).toContain(`${config.PUBLIC_BASE_URL}/confirm/`);
  });

  it('mails nothing the applicant typed but their name: no motivation, no supervisor, no NIP', async () => {
    const { mailer, deps } = setting();

    await submitApplication(placementId, input, ctx, deps);

    const [mail] = mailer.sent;
    for (const body of [mail!.text, mail!.html, mail!.subject]) {
      expect(body).not.toContain('phish.example');
      expect(body).not.toContain(supervisor.name);
      expect(body).not.toContain(supervisor.email);
      expect(body).not.toContain(input.nip);
      expect(body).not.toContain(input.position);
    }
    expect(mail!.text).toContain(input.name);
  });

  it('starts no workflow', async () => {
    const { workflows, deps } = setting();

    await submitApplication(placementId, input, ctx, deps);

    expect(workflows.started).toEqual([]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('removes what it stored and answers 503 when the confirmation mail cannot be sent', async () => {
    const { mailer, deps } = setting();
    mailer.failure = Object.assign(new Error('SES is down'), { name: 'ServiceUnavailable' });

    const error = await rejectionOf(submitApplication(placementId, input, { ...ctx, idempotencyKey: 'key-1' }, deps));

    expect(error).toBeInstanceOf(UnavailableError);
    expect(statusOf(error)).toBe(503);
    expect((error as Error).message).toContain('Tidak ada yang tersimpan');
    const [create, undo] = transactions();
    expect(create).toHaveLength(4);
    expect(deleteKeys(undo!)).toEqual(putKeys(create!));
  });

  it('answers 429 and writes nothing when the applicant’s address has had its confirmation mails for the hour', async () => {
    const { mailer, deps } = setting();
    slotRefused('confirmation-mail');

    const error = await rejectionOf(submitApplication(placementId, input, ctx, deps));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(transactions()).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });

  it('counts the mail against the applicant’s address however it is spelled', async () => {
    const { deps } = setting();
    const slots: unknown[] = [];
    ddb.on(UpdateCommand).callsFake((command: { Key: { pk: string } }) => {
      if (command.Key.pk.startsWith('RATE#confirmation-mail#')) slots.push(command.Key);
      return Promise.resolve({});
    });

    await submitApplication(placementId, input, ctx, deps);
    await submitApplication(placementId, { ...input, email: 'Sri.Lestari+magang@Surakarta.go.id' }, ctx, deps);

    expect(slots).toHaveLength(2);
    expect(slots[0]).toEqual(slots[1]);
  });

  it('takes the submission slot, reads the placement and the body, then the mail slot, and writes last', async () => {
    const { deps } = setting();

    await submitApplication(placementId, input, { ...ctx, idempotencyKey: 'key-1' }, deps);

    expect(tableSteps()).toEqual(['RATE#submission', 'get PLACEMENT', 'get IDEMPOTENCY', 'RATE#confirmation-mail', 'write Put,Put,Put,Put']);
  });

  it('takes no mail slot for a body it refuses', async () => {
    const { deps } = setting();

    const error = await rejectionOf(submitApplication(placementId, { ...input, nip: '123' }, ctx, deps));

    expect(error).toBeInstanceOf(ValidationError);
    expect(tableSteps()).not.toContain('RATE#confirmation-mail');
  });
});
