import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, layeredSources, layoutViolations } from '../support/layout.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('the layout rule (a workflow folder imports itself and the kernel, never another workflow)', () => {
  it('holds for every file under shared/ and infra/constructs/', () => {
    const files = layeredSources(projectRoot);

    expect(Object.keys(files).length).toBeGreaterThan(40);
    expect(layoutViolations(files)).toEqual([]);
  });

  it('finds a workflow that imports another workflow', () => {
    const files = {
      'shared/placements/offers.ts': "import { urls } from '../proposals/deps.js';\nimport { logger } from '../kernel/logger.js';\n",
    };

    expect(layoutViolations(files)).toEqual([
      {
        file: 'shared/placements/offers.ts',
        imports: 'shared/proposals/deps.js',
        rule: 'the placements workflow imports only itself and the kernel, not proposals',
      },
    ]);
  });

  it('finds the kernel importing a workflow, also through a type import, a re-export or a dynamic import', () => {
    const files = {
      'shared/kernel/config.ts': "import type { X } from '../placements/placement.schema.js';",
      'shared/kernel/pages/labels.ts': "export { Y } from '../../proposals/proposal.schema.js';",
      'shared/kernel/http/lazy.ts': "const m = await import('../../research/milestones.js');",
    };

    expect(layoutViolations(files).map((v) => [v.file, v.rule])).toEqual([
      ['shared/kernel/config.ts', 'the kernel imports no workflow (placements)'],
      ['shared/kernel/pages/labels.ts', 'the kernel imports no workflow (proposals)'],
      ['shared/kernel/http/lazy.ts', 'the kernel imports no workflow (research)'],
    ]);
  });

  it('holds the workflow constructs to the same rule', () => {
    const files = { 'infra/constructs/placements/placement-workflows.ts': "import { reviewChain } from '../proposals/proposal-review.workflow.js';" };

    expect(layoutViolations(files)).toHaveLength(1);
  });

  it('lets a workflow import its own files and the kernel, and packages freely', () => {
    const files = {
      'shared/proposals/decisions.ts':
        "import * as z from 'zod/mini';\nimport { deps } from './deps.js';\nimport { notFound } from '../kernel/steps/step-links.js';",
    };

    expect(layoutViolations(files)).toEqual([]);
    expect(importsOf(files['shared/proposals/decisions.ts'])).toEqual(['./deps.js', '../kernel/steps/step-links.js']);
  });
});
