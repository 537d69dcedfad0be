import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The layout rule: `shared/` holds one folder per workflow beside the kernel they share. A
 * workflow folder imports the kernel and itself, never another workflow; the kernel imports
 * no workflow at all. The workflow constructs under `infra/constructs/` follow the same rule.
 */
export const layerRoots = ['shared', 'infra/constructs'] as const;
export const KERNEL = 'kernel';

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

const importSpecifier = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative modules a source file imports (static, re-exports and dynamic imports). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(importSpecifier)) {
    const specifier = match[1] ?? match[2];
    if (specifier?.startsWith('.')) found.push(specifier);
  }
  return found;
}

/** Which folder of its root a path belongs to: `kernel`, a workflow's name, or undefined outside the root. */
function areaOf(path: string, root: string): string | undefined {
  const rel = relative(root, path);
  if (rel.startsWith('..')) return undefined;
  const [first, ...rest] = rel.split('/');
  return rest.length ? first : KERNEL;
}

/** The imports of `files` (path → source, paths relative to the project) that break the layout rule. */
export function layoutViolations(files: Record<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, source] of Object.entries(files)) {
    for (const root of layerRoots) {
      const from = areaOf(file, root);
      if (!from) continue;
      for (const specifier of importsOf(source)) {
        const target = normalize(join(dirname(file), specifier));
        const to = areaOf(target, root);
        if (!to || to === from || to === KERNEL) continue;
        violations.push({
          file,
          imports: target,
          rule: from === KERNEL ? `the kernel imports no workflow (${to})` : `the ${from} workflow imports only itself and the kernel, not ${to}`,
        });
      }
    }
  }
  return violations;
}

/** Every TypeScript file under the layered roots, with its source. */
export function layeredSources(projectRoot: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(projectRoot, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files[path] = readFileSync(join(projectRoot, path), 'utf8');
    }
  };
  for (const root of layerRoots) walk(root);
  return files;
}
