import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.js';
import { freePort } from './ports.js';
import { issuedTaskTokens, mailedTokens, secretsStored } from './secrets-at-rest.js';

/** Timeouts used by the shared cloud: a 3-day reminder becomes 90 s, long enough for any test to act first. */
export const SHARED_TIME_SCALE = 2880;

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    sesUrl: string;
    dynamoEndpoint: string;
    sfnUrl: string;
    s3Url: string;
    /** The template's buckets, as the local S3 holds them. */
    buckets: string[];
    tableName: string;
    /** The key the cloud checks bearer tokens against: sign with `mintLocalToken` from infra/local/auth.ts. */
    authKeyFile: string;
    /** Every task token the workflows were handed so far, one a line (readable by this user only; removed at the end). */
    taskTokensFile: string;
  }
}

let cloud: LocalCloud | undefined;
let keyDir: string | undefined;
let taskTokensFile: string | undefined;
let atRestProblem: string | undefined;

/** Starts one local cloud for the whole run (in memory) and tells the tests where it is. */
export async function setup(project: TestProject): Promise<void> {
  keyDir = mkdtempSync(join(tmpdir(), 'sinergi-auth-'));
  taskTokensFile = join(keyDir, 'task-tokens');
  const tokensFile = taskTokensFile;
  cloud = await startLocalCloud({
    authKeyFile: join(keyDir, 'local-auth-key.json'),
    onTaskTokenIssued: (taskToken) => appendFileSync(tokensFile, `${taskToken}\n`, { mode: 0o600 }),
    port: await freePort(),
    sesPort: await freePort(),
    dynamoPort: await freePort(),
    sfnPort: await freePort(),
    s3Port: await freePort(),
    timeScale: SHARED_TIME_SCALE,
    outdir: `cdk.out/test-${project.name}`,
    functionLogLevel: 'SILENT',
    // The suites submit hundreds of times from one address; test/integration/rate-limit.test.ts checks the limit itself.
    context: { anonymousSubmissionsPerHour: 100_000, confirmationMailsPerHour: 100_000 },
  });
  project.provide('apiUrl', cloud.apiUrl);
  project.provide('sesUrl', cloud.sesUrl);
  project.provide('dynamoEndpoint', cloud.dynamoEndpoint);
  project.provide('sfnUrl', cloud.sfnUrl);
  project.provide('s3Url', cloud.s3Url);
  project.provide('buckets', cloud.buckets);
  project.provide('tableName', cloud.tableName);
  project.provide('authKeyFile', cloud.authKeyFile);
  project.provide('taskTokensFile', tokensFile);
}

/**
 * After the whole run, before the cloud stops: the table holds no link token that any mail
 * carried and no task token any workflow was handed (their hashes, and sealed task tokens,
 * only). Failing here fails the run.
 */
export async function teardown(): Promise<void> {
  try {
    if (cloud && taskTokensFile) {
      const found = await secretsStored(cloud, {
        'link tokens': [...(await mailedTokens(cloud.sesUrl))],
        'task tokens': existsSync(taskTokensFile) ? issuedTaskTokens(taskTokensFile) : [],
      });
      if (Object.values(found).some((count) => count > 0)) atRestProblem = `after the run the table holds secrets in plain text: ${JSON.stringify(found)}`;
    }
  } catch (error) {
    atRestProblem = `the check for secrets at rest could not run: ${(error as Error).message}`;
  } finally {
    await cloud?.stop();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  }
  // This vitest prints a teardown's error but still exits 0: fail the run itself.
  if (atRestProblem) {
    process.stderr.write(`\nFAILED: ${atRestProblem}\n`);
    process.exit(1);
  }
}
