import {
  type CancellationReason,
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient, SESServiceException, SendEmailCommand } from '@aws-sdk/client-ses';
import { SendTaskSuccessCommand, SFNClient, SFNServiceException, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTaskToken } from '../../shared/kernel/steps/task-token-seal.js';
import { hashToken, pageProof } from '../../shared/kernel/steps/tokens.js';
import type { DecisionLink, ProposalRecord } from '../../shared/proposals/proposal-records.js';
import {
  aConfig,
  aDecisionLink,
  anOutcome,
  aProposalInput,
  aProposalRecord,
  coordinator,
  decisionToken,
  linkSecretValue,
  rejectionOf,
} from '../support/fixtures.js';

/**
 * The real handlers, through their middy wrappers, with every AWS client mocked: faults the
 * local engines cannot produce (throttling, a workflow that will not start, a wait that timed
 * out, a lost race) must map to the right answer and never show a stack or an internal name.
 */

const config = aConfig();
const ownOrigin = new URL(config.PUBLIC_BASE_URL).origin;
const DAY_MS = 86_400_000;

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESClient);
const secretsManager = mockClient(SecretsManagerClient);
const linkSecretArn = 'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:link-secret';

let apiSubmit: HttpHandler;
let decisionPage: HttpHandler;
let decisionSubmit: HttpHandler;
let reviewTask: TaskHandler;

beforeAll(async () => {
  // The handlers read and check their configuration when they are imported.
  const environment: Record<string, string> = {
    TABLE_NAME: config.TABLE_NAME,
    PROPOSAL_WORKFLOW_ARN: config.PROPOSAL_WORKFLOW_ARN,
    OFFER_WORKFLOW_ARN: config.OFFER_WORKFLOW_ARN,
    APPLICATION_WORKFLOW_ARN: config.APPLICATION_WORKFLOW_ARN,
    RESEARCH_WORKFLOW_ARN: config.RESEARCH_WORKFLOW_ARN,
    MILESTONE_WORKFLOW_ARN: config.MILESTONE_WORKFLOW_ARN,
    PUBLIC_BASE_URL: config.PUBLIC_BASE_URL,
    SENDER_EMAIL: config.SENDER_EMAIL,
    LINK_SECRET_ARN: linkSecretArn,
    APPROVAL_CHAIN: JSON.stringify(config.APPROVAL_CHAIN),
    MAX_REVIEW_ROUNDS: String(config.MAX_REVIEW_ROUNDS),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  // Functions that mint links read the secret once, when they start.
  secretsManager.on(GetSecretValueCommand, { SecretId: linkSecretArn }).resolves({ SecretString: linkSecretValue });
  ({ handler: apiSubmit } = await import('../../functions/proposals/api-submit.js'));
  ({ handler: decisionPage } = await import('../../functions/links/decide-page.js'));
  ({ handler: decisionSubmit } = await import('../../functions/links/decide-submit.js'));
  ({ handler: reviewTask } = await import('../../functions/proposals/review-task.js'));
});

describe('the link secret', () => {
  it('is read from Secrets Manager only by the functions that mint links', () => {
    // Imported above: api-submit and review-task mint links; the decision page and submit do not.
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});

afterAll(() => {
  ddb.restore();
  sfn.restore();
  ses.restore();
  secretsManager.restore();
  vi.unstubAllEnvs();
});

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ses.reset();
});

// ---------------------------------------------------------------------------------------------
// Events, context and stored items

let requestCount = 0;

/** An API Gateway (HTTP API, payload 2.0) event, as the platform delivers it. */
function anEvent(args: {
  method: string;
  path: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2 {
  const requestId = `req-${++requestCount}`;
  return {
    version: '2.0',
    routeKey: args.routeKey,
    rawPath: args.path,
    rawQueryString: '',
    headers: { host: new URL(config.PUBLIC_BASE_URL).host, ...args.headers },
    pathParameters: args.pathParameters,
    body: args.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-1',
      domainName: new URL(config.PUBLIC_BASE_URL).host,
      domainPrefix: 'sinergi',
      http: { method: args.method, path: args.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId,
      routeKey: args.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

/** The little of a Lambda context the logger middleware reads. */
const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'sinergi-handler-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:123456789012:function:sinergi-handler-test',
  memoryLimitInMB: '256',
  awsRequestId: 'lambda-request-1',
  logGroupName: '/aws/lambda/sinergi-handler-test',
  logStreamName: '2026/01/01/[$LATEST]stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** Runs an HTTP handler and returns its answer with the parts every answer must have. */
async function invoke(handler: HttpHandler, event: APIGatewayProxyEventV2): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> {
  const result = await handler(event, context);
  return { statusCode: result.statusCode ?? 0, headers: { ...result.headers }, body: result.body ?? '' };
}

const linkKey = (hash: string) => ({ pk: `LINK#${hash}`, sk: 'LINK' });
const proposalKey = (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'PROPOSAL' });

/** A record as DynamoDB holds it: with its keys and entity type. */
const storedLink = (link: DecisionLink) => ({ Item: { ...linkKey(link.hash), entity: 'link', ...link } });
const storedProposal = (proposal: ProposalRecord) => ({ Item: { ...proposalKey(proposal.id), entity: 'proposal', ...proposal } });

/** `aDecisionLink()`, still open whatever the date the tests run on. */
const anOpenDecisionLink = (overrides: Partial<DecisionLink> = {}) =>
  aDecisionLink({ expiresAt: new Date(Date.now() + 2 * DAY_MS).toISOString(), ...overrides });

/** The database holds `link` (behind `decisionToken`) and its proposal. */
function storeLinkAndProposal(link: DecisionLink, proposal: ProposalRecord = aProposalRecord()) {
  ddb.on(GetCommand).resolves({});
  const linkRead = ddb.on(GetCommand, { Key: linkKey(link.hash) });
  linkRead.resolves(storedLink(link));
  ddb.on(GetCommand, { Key: proposalKey(proposal.id) }).resolves(storedProposal(proposal));
  return linkRead;
}

/** A transaction DynamoDB refused because a condition no longer held. */
function cancelled(...codes: string[]): TransactionCanceledException {
  const reasons: CancellationReason[] = codes.map((Code) => ({ Code }));
  return new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    $metadata: {},
    CancellationReasons: reasons,
  });
}

/** Nothing of `error` reaches the answer: not its name, its message, nor any stack frame. */
function expectNoInternals(body: string, error: Error): void {
  expect(body).not.toContain(error.name);
  expect(body).not.toContain(error.message);
  expect(body).not.toMatch(/\bat \S.*:\d+:\d+/);
  expect(body).not.toMatch(/^\s*at /m);
  expect(body).not.toMatch(/\.[cm]?[jt]s:\d+/);
  expect(body).not.toContain('node_modules');
}

const writeCommands = [TransactWriteCommand, PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand];

/** The names of the write commands the table was sent, of any kind. */
function writesSent(): string[] {
  return ddb
    .calls()
    .map((call) => call.args[0] as object)
    .filter((command) => writeCommands.some((write) => command instanceof write))
    .map((command) => command.constructor.name);
}

// ---------------------------------------------------------------------------------------------

describe('POST /api/proposals (functions/proposals/api-submit)', () => {
  /** A start date a month ahead, so the proposal is valid whenever the tests run. */
  const startDate = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
  const input = aProposalInput({ startDate });
  const submission = () =>
    anEvent({
      method: 'POST',
      path: '/api/proposals',
      routeKey: 'POST /api/proposals',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  const sesDown = () => new SESServiceException({ name: 'ServiceUnavailable', $fault: 'server', message: 'SES is temporarily unavailable.', $metadata: {} });

  it('answers 201 UNCONFIRMED with a tracking URL on the public site once the proposal is stored and its confirmation mailed', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    const res = await invoke(apiSubmit, submission());

    // Assert
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { id: string; status: string; trackingUrl: string };
    expect(body.status).toBe('UNCONFIRMED');
    expect(body.trackingUrl.startsWith(`${config.PUBLIC_BASE_URL}/track/`)).toBe(true);
    // The tracking link stored is the one the URL opens.
    const token = body.trackingUrl.slice(`${config.PUBLIC_BASE_URL}/track/`.length);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.pk)).toContain(`LINK#${hashToken(token)}`);
    // The contact alone is mailed, with a link to the confirmation page; nothing starts yet.
    const mails = ses.commandCalls(SendEmailCommand);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.args[0].input.Destination).toEqual({ ToAddresses: [input.contact.email] });
    expect(mails[0]!.args[0].input.Message?.Body?.Text?.Data).toContain(`${config.PUBLIC_BASE_URL}/confirm/`);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('answers 503 "unavailable" with Retry-After, without a stack or the exception name, when DynamoDB throttles the write', async () => {
    // Arrange
    const throttled = new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded.',
      $metadata: { httpStatusCode: 400 },
    });
    ddb.on(TransactWriteCommand).rejects(throttled);

    // Act
    const res = await invoke(apiSubmit, submission());

    // Assert
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ error: 'unavailable', message: expect.any(String) });
    expectNoInternals(res.body, throttled);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('answers 503 and deletes the stored records again when the confirmation mail cannot be sent', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    const unavailable = sesDown();
    ses.on(SendEmailCommand).rejects(unavailable);

    // Act
    const res = await invoke(apiSubmit, submission());

    // Assert
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: 'unavailable', message: expect.stringContaining('Tidak ada yang tersimpan') });
    expectNoInternals(res.body, unavailable);

    const transactions = ddb.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(2);
    const [create, undo] = transactions as [(typeof transactions)[number], (typeof transactions)[number]];
    expect(ses.commandCalls(SendEmailCommand)[0]!.calledBefore(undo)).toBe(true);

    const keysOf = (input: TransactWriteCommandInput, kind: 'Put' | 'Delete') =>
      (input.TransactItems ?? []).map((item) => {
        const op = item[kind];
        return op && 'Item' in op ? { pk: op.Item?.pk, sk: op.Item?.sk } : op && 'Key' in op ? op.Key : undefined;
      });
    const created = keysOf(create.args[0].input, 'Put');
    const deleted = keysOf(undo.args[0].input, 'Delete');
    expect(undo.args[0].input.TransactItems?.every((item) => item.Delete?.TableName === config.TABLE_NAME)).toBe(true);
    expect(deleted).toEqual(created);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('still answers 503 when removing the records again fails too', async () => {
    // Arrange
    ddb
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejects(new ProvisionedThroughputExceededException({ message: 'busy', $metadata: {} }));
    ses.on(SendEmailCommand).rejects(sesDown());

    // Act
    const res = await invoke(apiSubmit, submission());

    // Assert
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ error: 'unavailable', message: expect.not.stringContaining('Tidak ada yang tersimpan') });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers 429 with Retry-After and stores nothing when the contact was sent all the confirmation mails of this hour', async () => {
    // Arrange
    ddb
      .on(UpdateCommand)
      .callsFake((input: { Key: { pk: string } }) =>
        input.Key.pk.startsWith('RATE#confirmation-mail#')
          ? Promise.reject(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }))
          : Promise.resolve({}),
      );

    // Act
    const res = await invoke(apiSubmit, submission());

    // Assert
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('POST /decide/{token} (functions/links/decide-submit)', () => {
  const decision = (link: DecisionLink, headers: Record<string, string> = {}) =>
    anEvent({
      method: 'POST',
      path: `/decide/${decisionToken}`,
      routeKey: 'POST /decide/{token}',
      pathParameters: { token: decisionToken },
      headers: { origin: ownOrigin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ decision: 'approve', proof: pageProof(link.pageSecret, Date.now()) }).toString(),
    });

  it('answers 409 naming who decided when the link was used meanwhile (ConditionalCheckFailed, then the link reads USED)', async () => {
    // Arrange
    const link = anOpenDecisionLink();
    const earlier = anOutcome({ action: 'reject', comment: 'Belum sesuai prioritas daerah.', decidedAt: new Date(Date.now() - 60_000).toISOString() });
    storeLinkAndProposal(link)
      .resolvesOnce(storedLink(link))
      .resolves(storedLink({ ...link, state: 'USED', outcome: earlier, closedAt: earlier.decidedAt }));
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const res = await invoke(decisionSubmit, decision(link));

    // Assert
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(`<strong>${coordinator.name}</strong>`);
    expect(res.body).toContain('<strong>Tolak</strong>');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    // Only the earlier decision is (re-)sent to its wait, never this request's.
    const sent = sfn.commandCalls(SendTaskSuccessCommand).map((c) => JSON.parse(c.args[0].input.output ?? '{}') as { action?: string });
    expect(sent.map((o) => o.action)).toEqual(['reject']);
  });

  it('answers 200 when the decision is recorded but its wait has timed out (TaskTimedOut): the next step carries it on', async () => {
    // Arrange
    const link = anOpenDecisionLink();
    storeLinkAndProposal(link);
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: { httpStatusCode: 400 } }));

    // Act
    const res = await invoke(decisionSubmit, decision(link));

    // Assert
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Keputusan tercatat');
    const consumed = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems?.[0]?.Update;
    expect(consumed?.Key).toEqual(linkKey(link.hash));
    expect(consumed?.ExpressionAttributeValues).toMatchObject({ ':used': 'USED', ':bound': link.sealedTaskToken });
    const handed = sfn.commandCalls(SendTaskSuccessCommand);
    expect(handed).toHaveLength(1);
    // The task token, opened with the token the POST carried.
    expect(handed[0]!.args[0].input.taskToken).toBe('task-token-1');
    expect(JSON.parse(handed[0]!.args[0].input.output ?? '{}')).toMatchObject({ action: 'approve', decidedBy: { name: coordinator.name } });
  });

  it('answers 200 without a stack when the decision is recorded but Step Functions throttles the hand-over', async () => {
    // Arrange
    const link = anOpenDecisionLink();
    storeLinkAndProposal(link);
    ddb.on(TransactWriteCommand).resolves({});
    const throttled = new SFNServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded for SendTaskSuccess',
      $metadata: { httpStatusCode: 400 },
    });
    sfn.on(SendTaskSuccessCommand).rejects(throttled);

    // Act
    const res = await invoke(decisionSubmit, decision(link));

    // Assert
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Keputusan tercatat');
    expectNoInternals(res.body, throttled);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('answers 410 for a link a newer one has superseded, and writes nothing', async () => {
    // Arrange
    const link = anOpenDecisionLink({ state: 'SUPERSEDED', closedAt: new Date().toISOString() });
    storeLinkAndProposal(link);

    // Act
    const res = await invoke(decisionSubmit, decision(link));

    // Assert
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('Tautan ini sudah digantikan');
    expect(writesSent()).toEqual([]);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['id', undefined, 'Terjadi kesalahan di server. Silakan coba lagi nanti.'],
    ['en', 'en-GB,en;q=0.9', 'Something went wrong on the server. Please try again later.'],
  ])('answers a no-store 500 page without a stack when the database read fails unexpectedly (%s)', async (_lang, acceptLanguage, message) => {
    // Arrange
    const link = anOpenDecisionLink();
    const failure = new InternalServerError({ message: 'Internal server error while reading partition 7f3a', $metadata: { httpStatusCode: 500 } });
    ddb.on(GetCommand).rejects(failure);

    // Act
    const res = await invoke(decisionSubmit, decision(link, acceptLanguage ? { 'accept-language': acceptLanguage } : {}));

    // Assert
    expect(res.statusCode).toBe(500);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(message);
    expectNoInternals(res.body, failure);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('GET and HEAD /decide/{token} (functions/links/decide-page)', () => {
  const opening = (method: 'GET' | 'HEAD') =>
    anEvent({ method, path: `/decide/${decisionToken}`, routeKey: `${method} /decide/{token}`, pathParameters: { token: decisionToken } });

  it('shows the decision page with its buttons and writes nothing, however it is opened', async () => {
    // Arrange
    const link = anOpenDecisionLink();
    storeLinkAndProposal(link);

    // Act
    const res = await invoke(decisionPage, opening('GET'));

    // Assert
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<form method="post"');
    expect(res.body).toContain('name="proof"');
    expect(res.body).toContain(aProposalInput().title);
    expect(ddb.commandCalls(GetCommand).length).toBeGreaterThan(0);
    expect(writesSent()).toEqual([]);
    expect(sfn.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('answers HEAD like GET, with an empty body', async () => {
    // Arrange
    storeLinkAndProposal(anOpenDecisionLink());

    // Act
    const res = await invoke(decisionPage, opening('HEAD'));

    // Assert
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe('');
    expect(writesSent()).toEqual([]);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('review workflow task (functions/proposals/review-task)', () => {
  it('rejects an event that is not a task without calling any AWS service', async () => {
    // Act
    const error = await rejectionOf(reviewTask({ action: 'nope', proposalId: 'p-1' }, context));

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('hands a decision made while the reminder was being set up to the reminder’s new wait, and sends no mail', async () => {
    // Arrange
    const outcome = anOutcome({ comment: 'Layak dilanjutkan.' });
    const used = aDecisionLink({ state: 'USED', outcome, closedAt: outcome.decidedAt });
    storeLinkAndProposal(used);
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const result = await reviewTask({ action: 'remind', proposalId: 'p-1', level: 1, taskToken: 'task-token-2' }, context);

    // Assert
    expect(result).toEqual({});
    const rebind = ddb.commandCalls(TransactWriteCommand);
    expect(rebind).toHaveLength(1);
    const sealed = rebind[0]!.args[0].input.TransactItems?.[0]?.Update?.ExpressionAttributeValues?.[':sealedTaskToken'] as string;
    expect(openTaskToken(sealed, decisionToken)).toBe('task-token-2');
    const handed = sfn.commandCalls(SendTaskSuccessCommand);
    expect(handed).toHaveLength(1);
    expect(handed[0]!.args[0].input.taskToken).toBe('task-token-2');
    expect(JSON.parse(handed[0]!.args[0].input.output ?? '{}')).toEqual(outcome);
    expect(ses.calls()).toHaveLength(0);
  });
});
