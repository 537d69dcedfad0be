import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { aProposal, confirmationLinks, postForm, postJson } from '../support/api.js';
import { startOwnCloud } from '../support/own-cloud.js';
import { itemsContaining } from '../support/table.js';

const LIMIT = 3;
/** Confirmation mails one recipient address may be sent an hour. */
const MAILS = 2;
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startOwnCloud('rate-limit', 1, { anonymousSubmissionsPerHour: LIMIT, confirmationMailsPerHour: MAILS });
});
afterAll(async () => {
  await cloud?.stop();
});

/** Posts JSON from another loopback address, as a second client would; answers the status, the Retry-After header and the body. */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; retryAfter?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('anonymous submissions, counted per client address and hour', () => {
  it(`takes ${LIMIT} an hour from one address, then answers 429 with Retry-After and stores nothing`, async () => {
    for (let i = 0; i < LIMIT; i++) expect((await postJson(`${cloud.apiUrl}/api/proposals`, aProposal())).status).toBe(201);
    const marker = `marker-${Math.random().toString(36).slice(2)}`;

    const refused = await postJson(`${cloud.apiUrl}/api/proposals`, aProposal({ title: `Judul ${marker}`, language: 'en' }));

    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = (await refused.json()) as { error: string; message: string };
    expect(body.error).toBe('too-many-requests');
    expect(body.message).toMatch(/^Too many submissions from your address this hour\. Nothing was stored; please try again in \d+ minutes?\.$/);
    expect(await itemsContaining(cloud.dynamoEndpoint, cloud.tableName, marker)).toEqual([]);
  });

  it('answers the form with a page in Indonesian, and counts applications with proposals', async () => {
    const page = await postForm(`${cloud.apiUrl}/proposals`, { title: 'x' });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Terlalu banyak pengajuan dari alamat Anda dalam satu jam ini.');

    const application = await postJson(`${cloud.apiUrl}/api/placements/00000000-0000-4000-8000-000000000000/applications`, {});
    expect(application.status).toBe(429);
  });

  it('keeps another address’s submissions apart', async () => {
    expect((await postFrom('127.0.0.2', `${cloud.apiUrl}/api/proposals`, aProposal())).status).toBe(201);
  });

  it('keeps no client address in the table, only its hash', async () => {
    const counts = await itemsContaining(cloud.dynamoEndpoint, cloud.tableName, 'RATE#submission#');
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(counts)).not.toMatch(/127\.0\.0\.[12]/);
    expect(counts.map((c) => c.count).sort()).toEqual(expect.arrayContaining([1, LIMIT]));
  });
});

describe('confirmation mails, counted per recipient address and hour', () => {
  const tag = Math.random().toString(36).slice(2, 8);
  const recipient = `rina.${tag}@uns.example`;
  /** The same mailbox, written as people also write it: another case, a +tag. */
  const sameMailbox = `Rina.${tag.toUpperCase()}+usulan@UNS.example`;
  const proposalTo = (email: string, overrides: Parameters<typeof aProposal>[0] = {}) =>
    aProposal({ ...overrides, contact: { name: 'Dr. Rina Wulandari', email } });

  it(`mails one address ${MAILS} confirmations an hour, whichever client asks, then answers 429 with Retry-After and stores nothing`, async () => {
    expect((await postFrom('127.0.0.3', `${cloud.apiUrl}/api/proposals`, proposalTo(recipient))).status).toBe(201);
    expect((await postFrom('127.0.0.4', `${cloud.apiUrl}/api/proposals`, proposalTo(sameMailbox))).status).toBe(201);
    const marker = `marker-${Math.random().toString(36).slice(2)}`;

    const refused = await postFrom('127.0.0.5', `${cloud.apiUrl}/api/proposals`, proposalTo(recipient, { title: `Judul ${marker}`, language: 'en' }));

    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = JSON.parse(refused.body) as { error: string; message: string };
    expect(body.error).toBe('too-many-requests');
    expect(body.message).toMatch(/^Too many confirmation mails were sent to this address this hour\. Nothing was stored; please try again in \d+ minutes?\.$/);
    expect(await itemsContaining(cloud.dynamoEndpoint, cloud.tableName, marker)).toEqual([]);
    const sent = [...(await confirmationLinks(cloud.sesUrl, recipient)), ...(await confirmationLinks(cloud.sesUrl, sameMailbox))];
    expect(sent).toHaveLength(MAILS);
  });

  it('still mails another address, from the client that was just refused', async () => {
    const other = `budi.${tag}@uns.example`;
    expect((await postFrom('127.0.0.5', `${cloud.apiUrl}/api/proposals`, proposalTo(other))).status).toBe(201);
    expect(await confirmationLinks(cloud.sesUrl, other)).toHaveLength(1);
  });

  it('keeps no recipient address in the table, only its hash', async () => {
    const counts = await itemsContaining(cloud.dynamoEndpoint, cloud.tableName, 'RATE#confirmation-mail#');
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(counts)).not.toContain(tag);
    expect(counts.map((c) => c.count)).toContain(MAILS);
  });
});
