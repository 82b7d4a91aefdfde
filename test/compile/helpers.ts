import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const fixtures = resolve(import.meta.dirname, '../../fixtures');
export const corpus = join(fixtures, 'compile');

/** A temp dir removed after the test file; also the cache dir, so no test touches the user's cache. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `saferun-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
