import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { toRequest } from '../../functions/lib/http-handler.js';
import { generateAuthKey, signToken, verifyToken } from '../../infra/local/auth.js';
import { apiGatewayClaims } from '../../infra/local/http-api.js';
import { ForbiddenError, ValidationError } from '../../shared/kernel/errors.js';
import { groupsOf, requireCoordinator } from '../../shared/kernel/http/coordinators.js';
import type { ListPosition } from '../../shared/kernel/store/cursors.js';
import { type ListProposalsDeps, ListProposalsQuery, listProposals, readCursor, writeCursor } from '../../shared/proposals/list-proposals.js';
import type { ProposalStatus } from '../../shared/proposals/proposal.schema.js';
import { type ProposalPage, ProposalRepository } from '../../shared/proposals/proposal-repository.js';
import { aProposalRecord, rejectionOf, thrownBy } from '../support/fixtures.js';

const secret = 'a-cursor-key-of-at-least-32-characters';
/** Claims as API Gateway passes them for a member of the coordinators group. */
const coordinatorClaims = { email: 'bambang@surakarta.go.id', 'cognito:groups': '[coordinators]' };
const position: ListPosition = { createdAt: '2027-02-01T03:00:00.000Z', id: '0b6f3c1e-2d4a-4f7e-9a51-3c2d1e0f9a8b' };

/** The status index, in memory: remembers each call and answers with the page it is given. */
class FakeStatusIndex {
  readonly calls: { status: ProposalStatus; limit: number; after?: ListPosition }[] = [];
  constructor(private readonly page: ProposalPage = { items: [] }) {}
  async listByStatus(status: ProposalStatus, page: { limit: number; after?: ListPosition }): Promise<ProposalPage> {
    this.calls.push({ status, ...page });
    return this.page;
  }
}

function depsWith(index: FakeStatusIndex): ListProposalsDeps {
  return { repo: index, cursorKey: secret };
}

describe("the query of the coordinators' proposal list", () => {
  it('takes a status, in any case, and a page size of 25 by default', () => {
    expect(ListProposalsQuery.parse({ status: 'in_review' })).toEqual({ status: 'IN_REVIEW', limit: 25 });
  });

  it('reads the page size from the query string', () => {
    expect(ListProposalsQuery.parse({ status: 'APPROVED', limit: '100' }).limit).toBe(100);
    expect(ListProposalsQuery.parse({ status: 'APPROVED', limit: '1' }).limit).toBe(1);
  });

  it.each(['0', '101', '2.5', 'dua', '-1', ''])('refuses the page size %j', (limit) => {
    expect(ListProposalsQuery.safeParse({ status: 'APPROVED', limit }).success).toBe(false);
  });

  it('ignores other parameters of the query string, such as lang', () => {
    expect(ListProposalsQuery.parse({ status: 'REJECTED', lang: 'en' })).toEqual({ status: 'REJECTED', limit: 25 });
  });
});

describe('who counts as a coordinator', () => {
  it('reads the groups API Gateway passes as one string', () => {
    expect(groupsOf({ 'cognito:groups': '[coordinators]' })).toEqual(['coordinators']);
    expect(groupsOf({ 'cognito:groups': '[admins coordinators]' })).toEqual(['admins', 'coordinators']);
  });

  it('reads the groups as a list or a JSON array too', () => {
    expect(groupsOf({ 'cognito:groups': ['coordinators', 'head'] })).toEqual(['coordinators', 'head']);
    expect(groupsOf({ 'cognito:groups': '["coordinators"]' })).toEqual(['coordinators']);
  });

  it('finds no group without the claim, or in an empty one', () => {
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf({ email: 'x@y.id' })).toEqual([]);
    expect(groupsOf({ 'cognito:groups': '[]' })).toEqual([]);
  });

  it('does not take a group whose name only contains "coordinators"', () => {
    const error = thrownBy(() => requireCoordinator({ 'cognito:groups': '[former-coordinators coordinatorsx]' }, 'en'));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it('refuses someone outside the group in their language', () => {
    expect((thrownBy(() => requireCoordinator({ 'cognito:groups': '[partners]' }, 'id')) as Error).message).toBe(
      'Hanya koordinator BKPSDM yang dapat membuka daftar ini.',
    );
    expect((thrownBy(() => requireCoordinator(undefined, 'en')) as Error).message).toBe('Only BKPSDM coordinators can open this list.');
  });

  it('lets a member of the group through', () => {
    expect(() => requireCoordinator(coordinatorClaims, 'id')).not.toThrow();
  });
});

describe('list cursors', () => {
  it('are base64url and lead back to the position they were made for', () => {
    const cursor = writeCursor(secret, 'IN_REVIEW', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readCursor(secret, 'IN_REVIEW', cursor)).toEqual(position);
  });

  it('do not reveal the proposal id in plain sight, nor work for the list of another status', () => {
    const cursor = writeCursor(secret, 'IN_REVIEW', position);
    expect(cursor).not.toContain(position.id);
    expect(readCursor(secret, 'APPROVED', cursor)).toBeUndefined();
  });

  it('are refused when made with another secret', () => {
    const cursor = writeCursor('another-secret-of-at-least-32-characters', 'IN_REVIEW', position);
    expect(readCursor(secret, 'IN_REVIEW', cursor)).toBeUndefined();
  });

  it('are refused when any part was changed', () => {
    const cursor = writeCursor(secret, 'IN_REVIEW', position);
    const raw = Buffer.from(cursor, 'base64url');
    for (const at of [0, 15, 16, raw.length - 1]) {
      const changed = Buffer.from(raw);
      changed[at] = changed[at]! ^ 1;
      expect(readCursor(secret, 'IN_REVIEW', changed.toString('base64url')), `byte ${at}`).toBeUndefined();
    }
  });

  it('are refused when forged from a DynamoDB key, or not base64url at all', () => {
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'PROPOSALS#IN_REVIEW', gsi1sk: `${position.createdAt}#x`, pk: 'PROPOSAL#x', sk: 'PROPOSAL' })).toString(
      'base64url',
    );
    for (const cursor of [forged, 'abc', '', 'eyJ9', `${writeCursor(secret, 'IN_REVIEW', position)}=`])
      expect(readCursor(secret, 'IN_REVIEW', cursor), cursor).toBeUndefined();
  });
});

describe('listProposals', () => {
  it('lists the proposals of one status, as summaries, without a cursor on the last page', async () => {
    const proposal = aProposalRecord({ id: 'p-7', status: 'IN_REVIEW', round: 2, updatedAt: '2027-02-03T03:00:00.000Z' });
    const index = new FakeStatusIndex({ items: [proposal] });

    const list = await listProposals({ query: { status: 'IN_REVIEW' }, claims: coordinatorClaims }, 'id', depsWith(index));

    expect(index.calls).toEqual([{ status: 'IN_REVIEW', limit: 25, after: undefined }]);
    expect(list).toEqual({
      items: [
        {
          id: 'p-7',
          status: 'IN_REVIEW',
          title: proposal.data.title,
          institution: 'Universitas Sebelas Maret',
          contact: { name: 'Dr. Sri Wahyuni', email: 'sri@uns.ac.id' },
          scopes: ['research', 'internship'],
          startDate: '2027-03-01',
          round: 2,
          submittedAt: '2027-02-01T03:00:00.000Z',
          updatedAt: '2027-02-03T03:00:00.000Z',
        },
      ],
    });
    expect(list).not.toHaveProperty('nextCursor');
  });

  it('hands out a cursor for the next page that leads to where this one ended', async () => {
    const first = await listProposals(
      { query: { status: 'IN_REVIEW', limit: '1' }, claims: coordinatorClaims },
      'id',
      depsWith(new FakeStatusIndex({ items: [aProposalRecord()], next: position })),
    );
    expect(first.nextCursor).toEqual(expect.any(String));

    const index = new FakeStatusIndex();
    await listProposals({ query: { status: 'IN_REVIEW', limit: '1', cursor: first.nextCursor! }, claims: coordinatorClaims }, 'id', depsWith(index));
    expect(index.calls).toEqual([{ status: 'IN_REVIEW', limit: 1, after: position }]);
  });

  it('refuses someone outside the group before reading anything, even with a bad query', async () => {
    const index = new FakeStatusIndex();
    const error = await rejectionOf(listProposals({ query: { status: 'NOPE' }, claims: { 'cognito:groups': '[partners]' } }, 'en', depsWith(index)));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(index.calls).toEqual([]);
  });

  it('refuses a request without claims (a route without its authorizer)', async () => {
    expect(await rejectionOf(listProposals({ query: { status: 'IN_REVIEW' } }, 'en', depsWith(new FakeStatusIndex())))).toBeInstanceOf(ForbiddenError);
  });

  it("asks for the status, naming the allowed ones, in the reader's language", async () => {
    const missing = (await rejectionOf(listProposals({ query: {}, claims: coordinatorClaims }, 'id', depsWith(new FakeStatusIndex())))) as ValidationError;
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.issues).toEqual([{ path: 'status', message: 'Wajib diisi.' }]);

    const wrong = (await rejectionOf(
      listProposals({ query: { status: 'PENDING' }, claims: coordinatorClaims }, 'en', depsWith(new FakeStatusIndex())),
    )) as ValidationError;
    expect(wrong.issues).toEqual([{ path: 'status', message: 'Must be one of: SUBMITTED, IN_REVIEW, REVISION_REQUESTED, APPROVED, REJECTED, EXPIRED.' }]);
  });

  it('does not offer UNCONFIRMED: an unconfirmed proposal is in no list, so asking for it is a wrong status, not an empty page', async () => {
    const index = new FakeStatusIndex();

    const error = await rejectionOf(listProposals({ query: { status: 'unconfirmed' }, claims: coordinatorClaims }, 'en', depsWith(index)));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['status']);
    expect(index.calls).toEqual([]);
  });

  it('says what is wrong with the page size', async () => {
    const error = (await rejectionOf(
      listProposals({ query: { status: 'IN_REVIEW', limit: '500' }, claims: coordinatorClaims }, 'en', depsWith(new FakeStatusIndex())),
    )) as ValidationError;
    expect(error.issues).toEqual([{ path: 'limit', message: 'Must be at most 100.' }]);
  });

  it('answers a forged or foreign cursor with a validation error, not a query', async () => {
    const index = new FakeStatusIndex();
    const cursors = [
      Buffer.from(JSON.stringify({ pk: 'PROPOSAL#x', sk: 'PROPOSAL' })).toString('base64url'),
      writeCursor(secret, 'APPROVED', position),
      'not a cursor!',
    ];
    for (const cursor of cursors) {
      const error = (await rejectionOf(
        listProposals({ query: { status: 'IN_REVIEW', cursor }, claims: coordinatorClaims }, 'en', depsWith(index)),
      )) as ValidationError;
      expect(error, cursor).toBeInstanceOf(ValidationError);
      expect(error.issues, cursor).toEqual([{ path: 'cursor', message: 'Invalid cursor; start again from the first page.' }]);
    }
    expect(index.calls).toEqual([]);
  });
});

describe('ProposalRepository.listByStatus', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const repo = new ProposalRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-3' })), 'sinergi-table');
  const stored = (id: string, createdAt: string) => ({
    pk: `PROPOSAL#${id}`,
    sk: 'PROPOSAL',
    gsi1pk: 'PROPOSALS#IN_REVIEW',
    gsi1sk: `${createdAt}#${id}`,
    entity: 'proposal',
    ...aProposalRecord({ id, createdAt }),
  });

  beforeEach(() => {
    ddb.reset();
  });

  it('queries the status index newest first, one item more than the page, from where the last page ended', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await repo.listByStatus('IN_REVIEW', { limit: 10, after: position });

    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      TableName: 'sinergi-table',
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :status',
      ExpressionAttributeValues: { ':status': 'PROPOSALS#IN_REVIEW' },
      ScanIndexForward: false,
      Limit: 11,
      ExclusiveStartKey: { pk: `PROPOSAL#${position.id}`, sk: 'PROPOSAL', gsi1pk: 'PROPOSALS#IN_REVIEW', gsi1sk: `${position.createdAt}#${position.id}` },
    });
  });

  it('returns the page without its keys, and the position of its last item when more follow', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [stored('p-3', '2027-02-03T00:00:00.000Z'), stored('p-2', '2027-02-02T00:00:00.000Z'), stored('p-1', '2027-02-01T00:00:00.000Z')] });

    const page = await repo.listByStatus('IN_REVIEW', { limit: 2 });

    expect(page.items.map((p) => p.id)).toEqual(['p-3', 'p-2']);
    expect(page.items[0]).not.toHaveProperty('pk');
    expect(page.items[0]).not.toHaveProperty('gsi1sk');
    expect(page.next).toEqual({ createdAt: '2027-02-02T00:00:00.000Z', id: 'p-2' });
  });

  it('says nothing follows when the last page is exactly full', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored('p-2', '2027-02-02T00:00:00.000Z'), stored('p-1', '2027-02-01T00:00:00.000Z')] });
    const page = await repo.listByStatus('IN_REVIEW', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.next).toBeUndefined();
  });
});

describe("the coordinator's claims on the way in", () => {
  const event = (requestContext: Record<string, unknown> = {}) =>
    ({
      rawPath: '/api/proposals',
      headers: {},
      queryStringParameters: { status: 'IN_REVIEW' },
      requestContext: { http: { method: 'GET' }, requestId: 'r-1', ...requestContext },
    }) as unknown as APIGatewayProxyEventV2;

  it("passes the JWT authorizer's claims to the request", () => {
    const req = toRequest(event({ authorizer: { jwt: { claims: coordinatorClaims, scopes: null } } }));
    expect(req.claims).toEqual(coordinatorClaims);
  });

  it('leaves the claims out on a public route', () => {
    expect(toRequest(event()).claims).toBeUndefined();
  });
});

describe('the local JWT authorizer', () => {
  it('turns claims into strings the way API Gateway does, a list as [a b]', () => {
    expect(apiGatewayClaims({ 'cognito:groups': ['coordinators', 'head'], exp: 1_800_000_000, email_verified: true, email: 'a@b.id' })).toEqual({
      'cognito:groups': '[coordinators head]',
      exp: '1800000000',
      email_verified: 'true',
      email: 'a@b.id',
    });
  });

  it("accepts a token it signed, with the holder's email and groups", async () => {
    const key = await generateAuthKey();
    const checked = await verifyToken(key, await signToken(key, 'bambang@surakarta.go.id', { groups: ['coordinators'] }));
    expect(checked).toEqual({
      claims: expect.objectContaining({ email: 'bambang@surakarta.go.id', 'cognito:groups': ['coordinators'], iss: 'sinergi-local', aud: 'sinergi-local' }),
    });
  });

  it("refuses an expired token, another key's, another issuer's or audience's, and garbage, saying why", async () => {
    const key = await generateAuthKey();
    const other = await generateAuthKey();
    const email = 'bambang@surakarta.go.id';
    const cases: [string, string][] = [
      [await signToken(key, email, { issuedAt: new Date(Date.now() - 7200_000), expiresInSeconds: 3600 }), 'the token has expired'],
      [await signToken(other, email), 'the token was not signed by a known key'],
      [await signToken({ ...other, kid: key.kid }, email), 'the token signature is invalid'],
      [await signToken(key, email, { issuer: 'https://cognito-idp.ap-southeast-3.amazonaws.com/elsewhere' }), 'the token does not have a valid issuer'],
      [await signToken(key, email, { audience: 'another-client' }), 'the token does not have a valid audience'],
      [await signToken(key, email, { issuedAt: new Date(Date.now() + 600_000) }), 'the token was issued in the future'],
      ['not.a.token', 'the token is malformed'],
    ];
    for (const [token, error] of cases) expect(await verifyToken(key, token), error).toEqual({ error });
  });
});
