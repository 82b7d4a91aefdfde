import { resolve } from 'node:path';
import type { RunDir } from './run-dir.js';
import { bindSystem, namespaceFlags, type ResolvedSandbox } from './sandbox.js';
import type { NormalizedLimits } from './validate-limits.js';

const INSIDE = '/.saferun';

export interface CommandParts {
  helper: string;
  /** The program: a path (bound into the sandbox) or a command name looked up in PATH. */
  program: string;
  args: readonly string[];
  inputFile: string | undefined;
  readOnlyPaths: readonly string[];
}

/** The argv that runs the helper (inside bwrap when sandboxed), which runs the program under the limits. */
export async function buildLimitedCommand(
  parts: CommandParts,
  dir: RunDir,
  limits: NormalizedLimits,
  sandbox: ResolvedSandbox,
): Promise<{ file: string; args: string[] }> {
  const boxed = sandbox.kind === 'bwrap';
  const at = (host: string, inside: string) => (boxed ? inside : host);
  const isPath = parts.program.includes('/');
  const helperArgs = [
    '--result', at(dir.result, `${INSIDE}/run/result.json`),
    '--stdout', at(dir.stdout, `${INSIDE}/run/stdout`),
    '--stderr', at(dir.stderr, `${INSIDE}/run/stderr`),
    '--cwd', at(dir.work, `${INSIDE}/run/work`),
    '--cpu-ms', String(Math.ceil(limits.timeLimitMs)),
    '--wall-ms', String(Math.ceil(limits.wallTimeLimitMs)),
    '--as-kb', String(Math.ceil(limits.memoryLimitMb * 1024)),
    '--stack-kb', String(Math.ceil(limits.stackLimitMb * 1024)),
    '--fsize', String(Math.ceil(limits.outputLimitMb * 1024 * 1024)),
    ...(dir.uid !== undefined ? ['--uid', String(dir.uid), '--nproc', String(limits.processLimit)] : []),
    ...(parts.inputFile ? ['--stdin', at(parts.inputFile, `${INSIDE}/input`)] : []),
    ...(boxed ? ['--kill-all'] : []),
    '--',
    isPath && boxed ? `${INSIDE}/program` : parts.program,
    ...parts.args,
  ];
  if (!boxed) return { file: parts.helper, args: helperArgs };
  const binds = [
    '--ro-bind', parts.helper, `${INSIDE}/limit`,
    '--bind', dir.path, `${INSIDE}/run`,
    ...(isPath ? ['--ro-bind', resolve(parts.program), `${INSIDE}/program`] : []),
    ...(parts.inputFile ? ['--ro-bind', resolve(parts.inputFile), `${INSIDE}/input`] : []),
    ...parts.readOnlyPaths.flatMap((path) => ['--ro-bind', resolve(path), resolve(path)]),
  ];
  const args = [
    ...namespaceFlags(),
    '--die-with-parent',
    '--new-session',
    ...(await bindSystem()),
    '--proc', '/proc',
    '--dev', '/dev',
    '--dir', '/tmp',
    '--perms', '0755', '--dir', INSIDE,
    ...binds,
    '--remount-ro', '/',
    '--chdir', `${INSIDE}/run/work`,
    '--',
    `${INSIDE}/limit`,
    ...helperArgs,
  ];
  return { file: sandbox.path, args };
}
