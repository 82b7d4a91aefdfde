import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from '../../src/process/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Work dirs of this process's steps still in the temp dir: none once a step has returned. */
export function leftoverStepDirs(): string[] {
  return readdirSync(tmpdir()).filter((entry) => entry.startsWith(`saferun-step-${process.pid}-`));
}

/** A request for run-requests.mjs: a sandboxed step, a compile, or a plain execFile (what leaks without the step). */
export type ChildRequest =
  { step: Record<string, unknown> } | { sources: unknown; options: Record<string, unknown> } | { plain: string[] };

/**
 * Runs the requests in a fresh Node process: under uid 65534 (setpriv, no groups), as a judge that
 * is not root would (bwrap then needs a user namespace); and/or with descriptor 30 open without
 * close-on-exec, as a supervisor's leaked descriptor would be; and/or in a mount namespace where
 * /usr/bin/bwrap cannot run, as on a machine without bubblewrap (root only). Uses the built dist/.
 */
export async function runInChild(
  requests: ChildRequest[],
  how: { nobody?: boolean; leakFd?: boolean; noBwrap?: boolean } = {},
): Promise<any[]> {
  const node = [process.execPath, join(ROOT, 'test/sandbox/run-requests.mjs'), JSON.stringify(requests)];
  const user = how.nobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
  const leak = how.leakFd ? ['bash', '-c', 'exec 30<"$0"; exec "$@"', '/etc/hostname'] : [];
  // Where bwrap is missing already, there is nothing to hide.
  const hide =
    how.noBwrap && existsSync('/usr/bin/bwrap')
      ? ['unshare', '--mount', 'bash', '-c', 'mount --bind /dev/null /usr/bin/bwrap && exec "$@"', 'hide-bwrap']
      : [];
  const [file, ...args] = [...hide, ...leak, ...user, ...node];
  const result = await execFile(file!, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
    extendEnv: false,
    timeout: 120_000,
    cwd: ROOT,
  });
  if (!result.ok) throw new Error(`run-requests.mjs failed (${result.kind}): ${result.stderr}`);
  return JSON.parse(result.stdout) as any[];
}
