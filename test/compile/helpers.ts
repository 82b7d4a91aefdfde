import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/compile-check/main.js';

export const fixtures = resolve(import.meta.dirname, '../../fixtures');
export const corpus = join(fixtures, 'compile');

/** A temp dir removed after the test file; also the cache dir, so no test touches the user's cache. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `saferun-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The `compile-check` command run in this process, its output captured; from the corpus dir, not a TTY. */
export async function runCompileCheck(
  argv: string[],
  io: { env: NodeJS.ProcessEnv; cwd?: string; isTTY?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    isTTY: io.isTTY ?? false,
    env: io.env,
    cwd: io.cwd ?? corpus,
  });
  return { code, stdout, stderr };
}
