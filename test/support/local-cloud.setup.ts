import type { TestProject } from 'vitest/node';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.js';
import { freePort } from './ports.js';

/** Timeouts used by the shared cloud: a 3-day reminder becomes 90 s, long enough for any test to act first. */
export const SHARED_TIME_SCALE = 2880;

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    sesUrl: string;
    dynamoEndpoint: string;
    sfnUrl: string;
    tableName: string;
  }
}

let cloud: LocalCloud | undefined;

/** Starts one local cloud for the whole run (in memory) and tells the tests where it is. */
export async function setup(project: TestProject): Promise<void> {
  cloud = await startLocalCloud({
    port: await freePort(),
    sesPort: await freePort(),
    dynamoPort: await freePort(),
    sfnPort: await freePort(),
    timeScale: SHARED_TIME_SCALE,
    outdir: `cdk.out/test-${project.name}`,
    functionLogLevel: 'SILENT',
  });
  project.provide('apiUrl', cloud.apiUrl);
  project.provide('sesUrl', cloud.sesUrl);
  project.provide('dynamoEndpoint', cloud.dynamoEndpoint);
  project.provide('sfnUrl', cloud.sfnUrl);
  project.provide('tableName', cloud.tableName);
}

export async function teardown(): Promise<void> {
  await cloud?.stop();
}
