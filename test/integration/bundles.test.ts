import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where the shared local cloud synthesized the app, bundles included (test/support/local-cloud.setup.ts). */
const outdir = 'cdk.out/test-integration';

/** Every function's bundle as the current synthesis lists it (its assets manifests), the file Lambda runs and the local cloud loads. */
function bundles(): { name: string; code: string }[] {
  return readdirSync(outdir)
    .filter((entry) => entry.endsWith('.assets.json'))
    .flatMap((manifest) => {
      const files = (JSON.parse(readFileSync(join(outdir, manifest), 'utf8')) as { files: Record<string, { displayName?: string; source: { path: string } }> })
        .files;
      return Object.values(files)
        .map((asset) => ({ name: asset.displayName ?? asset.source.path, file: join(outdir, asset.source.path, 'index.mjs') }))
        .filter((asset) => existsSync(asset.file))
        .map((asset) => ({ name: asset.name, code: readFileSync(asset.file, 'utf8') }));
    });
}

describe('the functions’ bundles', () => {
  it('carry the environment’s credentials alone, not the SDK’s default chain (files, SSO, processes, metadata)', () => {
    const all = bundles();
    expect(all.length).toBeGreaterThan(30);
    // A bundle with an SDK client (its runtime config names a credential provider) finds its credentials in the environment.
    const withSdk = all.filter((b) => b.code.includes('credentialDefaultProvider'));
    expect(withSdk.length).toBeGreaterThan(30);
    for (const bundle of withSdk) expect(bundle.code, bundle.name).toContain('CREDENTIALS_ENV_VARS');
    for (const bundle of all) {
      expect(bundle.code, bundle.name).not.toContain('defaultProvider::fromIni');
      expect(bundle.code, bundle.name).not.toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
    }
  });
});
