import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.js';
import { freePort } from './ports.js';

/**
 * A local cloud of a test file's own, in memory on free ports, for tests that need another
 * time scale than the shared one. Its auth key lives in a temporary folder, so a run leaves
 * nothing in the project's `.data/`.
 */
export async function startOwnCloud(
  name: string,
  timeScale: number,
  context: Record<string, unknown> = { anonymousSubmissionsPerHour: 100_000, confirmationMailsPerHour: 100_000 },
): Promise<LocalCloud> {
  return startLocalCloud({
    port: await freePort(),
    sesPort: await freePort(),
    dynamoPort: await freePort(),
    sfnPort: await freePort(),
    s3Port: await freePort(),
    timeScale,
    outdir: `cdk.out/test-${name}`,
    authKeyFile: join(mkdtempSync(join(tmpdir(), `sinergi-${name}-`)), 'local-auth-key.json'),
    functionLogLevel: (process.env.SINERGI_TEST_LOG_LEVEL as 'ERROR' | undefined) ?? 'SILENT',
    context,
  });
}
