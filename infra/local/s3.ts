import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types; its constructor, run() and close() are all this module uses.
import S3rver from 's3rver';
// @ts-expect-error its account registry has no types either.
import s3rverAccounts from 's3rver/lib/models/account.js';
import { localCredentials } from './engines.js';
import { ensurePrivateTree } from './private-files.js';

// The functions sign with the local cloud's throw-away credentials: the local S3 knows them as its own account's.
(s3rverAccounts as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(
  localCredentials.accessKeyId,
  localCredentials.secretAccessKey,
);

/**
 * The local S3: s3rver on 127.0.0.1 with the template's buckets, its objects kept under the data
 * folder (so they survive a restart like the rest of `.data/`), or in a folder of its own that
 * is removed on stop for an in-memory run. It is storage only: it enforces no POST policy (size,
 * content type, key), checks no signature and serves objects to anyone who asks, so Sinergi's
 * own checks of what is stored never rely on it having refused anything.
 */
export interface LocalS3 {
  endpoint: string;
  buckets: string[];
  stop(): Promise<void>;
}

/** What start-up says of the local S3, so nobody takes it for a security boundary. */
export const LOCAL_S3_NOTICE = 'The local S3 enforces no upload policy, no signature and no access rule: Sinergi checks every stored file itself.';

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export async function startS3(options: { port: number; dataDir?: string; buckets: string[] }): Promise<LocalS3> {
  const ownFolder = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'sinergi-s3-'));
  const directory = options.dataDir ?? ownFolder!;
  ensurePrivateTree(directory);
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name })),
  }) as S3rverServer;
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    buckets: options.buckets,
    async stop() {
      await server.close();
      if (ownFolder) rmSync(ownFolder, { recursive: true, force: true });
    },
  };
}
