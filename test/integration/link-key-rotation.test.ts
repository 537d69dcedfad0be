import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.js';
import { aProposal, confirmAs, confirmationMail, eventually, postForm, postJson, proofIn, submitProposalConfirmed, track } from '../support/api.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { SHARED_TIME_SCALE } from '../support/local-cloud.setup.js';
import { freePort } from '../support/ports.js';

/**
 * A cloud of its own that keeps its data (DynamoDB, the link secret, the running executions)
 * in a folder, so it can be stopped, given a rotated link secret, and started again.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'sinergi-rotation-'));
let cloud: LocalCloud | undefined;
/** The same ports each time: the links mailed carry the address of the API. */
let ports: { port: number; sesPort: number; dynamoPort: number; sfnPort: number; s3Port: number } | undefined;
const start = async () => {
  ports ??= { port: await freePort(), sesPort: await freePort(), dynamoPort: await freePort(), sfnPort: await freePort(), s3Port: await freePort() };
  return startLocalCloud({
    dataDir,
    ...ports,
    timeScale: SHARED_TIME_SCALE,
    outdir: 'cdk.out/test-rotation',
    authKeyFile: join(dataDir, 'local-auth-key.json'),
    functionLogLevel: 'SILENT',
    context: { anonymousSubmissionsPerHour: 100_000, confirmationMailsPerHour: 100_000 },
  });
};
afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const coordinator = 'koordinator@bkpsdm.surakarta.go.id';
const head = 'kepala@bkpsdm.surakarta.go.id';
const titled = (proposal: { title: string }) => new RegExp(proposal.title.slice(-20).replace(/[()]/g, '.'));
const tokenOf = (url: string) => url.split('/').pop()!;

describe('rotating the link secret', () => {
  it('keeps a link sent before working, mints its subject under the old key still, and gives a new subject links of the new version', async () => {
    // Arrange: a proposal waiting on the coordinator under the plain secret (key version 1)
    cloud = await start();
    const before = aProposal();
    const { trackingUrl } = await submitProposalConfirmed(cloud.apiUrl, cloud.sesUrl, before);
    const link = linkIn(await waitForMail(cloud.sesUrl, coordinator, titled(before)), 'decide');
    expect(tokenOf(link)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Act: the secret becomes a keyring whose current key is version 2, and the cloud starts again
    await cloud.stop();
    const secretFile = join(dataDir, 'link-secret');
    const old = readFileSync(secretFile, 'utf8').trim();
    writeFileSync(secretFile, JSON.stringify({ current: '2', keys: { '1': old, '2': `${old}-rotated-key-2` } }));
    cloud = await start();

    // Assert: the link mailed before opens and decides; the next level's link is minted under version 1 still
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect((await postForm(link, { proof: proofIn(await page.text()), decision: 'approve', comment: '' })).status).toBe(200);
    const next = linkIn(await waitForMail(cloud.sesUrl, head, titled(before)), 'decide');
    expect(tokenOf(next)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.history.filter((e) => e.type === 'review-requested')).toHaveLength(2);
      return v;
    });
    expect(view.history.filter((e) => e.type === 'decided')).toEqual([expect.objectContaining({ action: 'approve', level: 1 })]);

    // Assert: a proposal submitted now gets tracking and decision links of version 2, which work
    const after = aProposal();
    const created = await postJson(`${cloud.apiUrl}/api/proposals`, after);
    expect(created.status).toBe(201);
    const newTracking = ((await created.json()) as { trackingUrl: string }).trackingUrl;
    expect(tokenOf(newTracking)).toMatch(/^2\.[A-Za-z0-9_-]{43}$/);
    expect(tokenOf(linkIn(await confirmationMail(cloud.sesUrl, after.contact.email, after.title), 'confirm'))).toMatch(/^2\.[A-Za-z0-9_-]{43}$/);
    expect((await confirmAs(cloud.sesUrl, after.contact.email, after.title)).status).toBe(303);
    expect((await track(newTracking)).status).toMatch(/SUBMITTED|IN_REVIEW/);
    const newLink = linkIn(await waitForMail(cloud.sesUrl, coordinator, titled(after)), 'decide');
    expect(tokenOf(newLink)).toMatch(/^2\.[A-Za-z0-9_-]{43}$/);
    const newPage = await fetch(newLink);
    expect(newPage.status).toBe(200);
    expect((await postForm(newLink, { proof: proofIn(await newPage.text()), decision: 'reject', comment: 'Belum sesuai.' })).status).toBe(200);
    await eventually(async () => expect((await track(newTracking)).status).toBe('REJECTED'));
  });
});
