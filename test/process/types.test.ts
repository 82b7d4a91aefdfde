// The published types as a user's project sees them: a consumer file compiled by tsc against
// dist/. The type assertions are in test/types/process.test-d.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFile } from '../../src/process/index.js';

const ROOT = join(import.meta.dirname, '../..');

describe('types', () => {
  it('tsc compiles a consumer that narrows Result by kind (dist/ types, strict, NodeNext)', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022'];
    const result = await execFile(
      process.execPath,
      [tsc, ...flags, '--types', 'node', 'fixtures/process/types/consumer.ts'],
      {
        cwd: ROOT,
        timeout: 120_000,
      },
    );
    expect(result.stdout).toBe('');
    expect(result.kind).toBe('ok');
  }, 130_000);
});
