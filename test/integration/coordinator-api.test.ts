import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateAuthKey, mintLocalToken, signToken } from '../../infra/local/auth.js';
import { aProposal, eventually, postJson, submitProposalConfirmed, track } from '../support/api.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const authKeyFile = inject('authKeyFile');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';

interface Summary {
  id: string;
  status: string;
  title: string;
  institution: string;
  contact: { name: string; email: string };
  scopes: string[];
  startDate: string;
  round: number;
  submittedAt: string;
  updatedAt: string;
}
interface List {
  items: Summary[];
  nextCursor?: string;
}

/** `GET /api/proposals` with the query given and, when given, `Authorization: <authorization>`. */
function list(query: Record<string, string>, authorization?: string): Promise<Response> {
  return fetch(`${apiUrl}/api/proposals?${new URLSearchParams(query)}`, { headers: authorization === undefined ? {} : { authorization } });
}

const bearer = async (options: Parameters<typeof mintLocalToken>[2] = { groups: ['coordinators'] }) =>
  `Bearer ${await mintLocalToken(authKeyFile, coordinator, options)}`;

/** Submits a proposal, confirms it as its contact, and waits until the review has asked its first approver. */
async function submitAndWaitForReview(marker: string): Promise<{ id: string }> {
  const { id, trackingUrl } = await submitProposalConfirmed(apiUrl, sesUrl, aProposal({ title: `Kerja sama ${marker}` }));
  await eventually(async () => expect((await track(trackingUrl)).status).toBe('IN_REVIEW'));
  return { id };
}

/** Every page of a status list, following nextCursor. */
async function allPages(status: string, limit: number, authorization: string): Promise<List[]> {
  const pages: List[] = [];
  let cursor: string | undefined;
  do {
    const res = await list({ status, limit: String(limit), ...(cursor ? { cursor } : {}) }, authorization);
    expect(res.status).toBe(200);
    const page = (await res.json()) as List;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 500);
  return pages;
}

describe("the coordinators' API without a valid token", () => {
  const refusals: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['an empty bearer token', async () => 'Bearer '],
    ['a garbage token', async () => 'Bearer not-a-jwt'],
    ['an expired token', () => bearer({ groups: ['coordinators'], issuedAt: new Date(Date.now() - 13 * 3600_000), expiresInSeconds: 12 * 3600 })],
    ['a token signed by another key', async () => `Bearer ${await signToken(await generateAuthKey(), coordinator, { groups: ['coordinators'] })}`],
    ['a token for another audience', () => bearer({ groups: ['coordinators'], audience: 'another-app-client' })],
    [
      'a token from another issuer',
      () => bearer({ groups: ['coordinators'], issuer: 'https://cognito-idp.ap-southeast-3.amazonaws.com/ap-southeast-3_elsewhere' }),
    ],
  ];

  for (const [what, authorization] of refusals)
    it(`answers 401 Unauthorized, as API Gateway does, to ${what}`, async () => {
      const res = await list({ status: 'IN_REVIEW' }, await authorization());
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
    });

  it('says why a token was refused in the www-authenticate header', async () => {
    const res = await list(
      { status: 'IN_REVIEW' },
      await bearer({ groups: ['coordinators'], issuedAt: new Date(Date.now() - 13 * 3600_000), expiresInSeconds: 12 * 3600 }),
    );
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token" error_description="the token has expired"/);
  });

  it('still serves the public routes without any token', async () => {
    const res = await postJson(`${apiUrl}/api/proposals`, aProposal());
    expect(res.status).toBe(201);
  });
});

describe("the coordinators' API with a valid token", () => {
  const marker = `coord-${Math.random().toString(36).slice(2, 10)}`;
  let older: { id: string };
  let newer: { id: string };
  let authorization: string;

  beforeAll(async () => {
    authorization = await bearer();
    older = await submitAndWaitForReview(`${marker}-a`);
    newer = await submitAndWaitForReview(`${marker}-b`);
  });

  it('answers 403 to someone whose token is valid but who is not in the coordinators group', async () => {
    for (const groups of [[], ['partners']]) {
      const res = await list({ status: 'IN_REVIEW', lang: 'en' }, await bearer({ groups }));
      expect(res.status, groups.join()).toBe(403);
      expect(await res.json()).toEqual({ error: 'forbidden', message: 'Only BKPSDM coordinators can open this list.' });
    }
  });

  it('lists a proposal just submitted under IN_REVIEW, newest first, and not under another status', async () => {
    const res = await list({ status: 'IN_REVIEW', limit: '100' }, authorization);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { items } = (await res.json()) as List;

    expect(items.every((item) => item.status === 'IN_REVIEW')).toBe(true);
    const submittedAt = items.map((item) => item.submittedAt);
    expect(submittedAt).toEqual([...submittedAt].sort().reverse());
    const mine = items.filter((item) => item.title.includes(marker));
    expect(mine.map((item) => item.id)).toEqual([newer.id, older.id]);
    expect(mine[0]).toEqual({
      id: newer.id,
      status: 'IN_REVIEW',
      title: `Kerja sama ${marker}-b`,
      institution: 'Universitas Sebelas Maret',
      contact: { name: 'Dr. Rina Wulandari', email: expect.stringMatching(/@uns\.example$/) },
      scopes: ['research', 'internship', 'training'],
      startDate: '2027-02-01',
      round: 1,
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const approved = (await (await list({ status: 'APPROVED', limit: '100' }, authorization)).json()) as List;
    expect(approved.items.some((item) => item.title.includes(marker))).toBe(false);
  });

  it('accepts the token without the Bearer prefix too, as API Gateway does', async () => {
    const res = await list({ status: 'IN_REVIEW', limit: '1' }, authorization.replace(/^Bearer /, ''));
    expect(res.status).toBe(200);
  });

  it('pages through the list one at a time with nextCursor, skipping and repeating nothing', async () => {
    const first = (await (await list({ status: 'IN_REVIEW', limit: '1' }, authorization)).json()) as List;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);

    const pages = await allPages('IN_REVIEW', 1, authorization);
    expect(pages.slice(0, -1).every((page) => page.items.length === 1 && page.nextCursor)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
  });

  it('answers 400 to a forged cursor', async () => {
    const forged = Buffer.from(
      JSON.stringify({ pk: `PROPOSAL#${older.id}`, sk: 'PROPOSAL', gsi1pk: 'PROPOSALS#IN_REVIEW', gsi1sk: `2099-01-01T00:00:00.000Z#${older.id}` }),
    ).toString('base64url');
    for (const cursor of [forged, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '%%%']) {
      const res = await list({ status: 'IN_REVIEW', cursor, lang: 'en' }, authorization);
      expect(res.status, cursor).toBe(400);
      expect(await res.json()).toEqual({ error: 'validation', issues: [{ path: 'cursor', message: 'Invalid cursor; start again from the first page.' }] });
    }
  });

  it("answers 400 to a cursor of another status's list", async () => {
    const { nextCursor } = (await (await list({ status: 'IN_REVIEW', limit: '1' }, authorization)).json()) as List;
    const res = await list({ status: 'APPROVED', cursor: nextCursor! }, authorization);
    expect(res.status).toBe(400);
  });

  it('answers 400 to an unknown or missing status and a page size out of range, in Indonesian by default', async () => {
    const cases: [Record<string, string>, { path: string; message: string }][] = [
      [{ status: 'PENDING' }, { path: 'status', message: 'Harus salah satu dari: SUBMITTED, IN_REVIEW, REVISION_REQUESTED, APPROVED, REJECTED, EXPIRED.' }],
      [{}, { path: 'status', message: 'Wajib diisi.' }],
      [
        { status: 'IN_REVIEW', limit: '0' },
        { path: 'limit', message: 'Minimal 1.' },
      ],
      [
        { status: 'IN_REVIEW', limit: '101' },
        { path: 'limit', message: 'Maksimal 100.' },
      ],
    ];
    for (const [query, issue] of cases) {
      const res = await list(query, authorization);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(await res.json()).toEqual({ error: 'validation', issues: [issue] });
    }
  });
});
