import { FRESH_DIRS, INSIDE, readOnlyFrom, sandboxHead } from './bwrap.js';
import { isUnder } from './find-command.js';
import type { NormalizedStep } from './normalize-step.js';
import { rootLinkArgs } from './root-links.js';

/** Where the work dir appears inside the sandbox: the step's cwd, HOME and TMPDIR. */
export const STEP_WORK = `${INSIDE}/work`;

// What the toolchains need of /etc: the loader's cache and the alternatives' symlinks (cc, c++, java).
// Not /etc itself: /etc/shadow, /etc/passwd and the host's configuration stay out of reach.
const ETC_FILES = ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives'];

// Run by bash before the command: the limits (soft and hard, so the step cannot raise them), then
// every descriptor above 2 closed: one that the caller's parent leaked must not reach the step.
const WRAPPER = [
  'ulimit -c 0 -u "$1" -f "$2" -t "$3" -v "$4" || exit 125',
  'shift 4',
  'for f in /proc/self/fd/*; do n=${f##*/}; if ((n > 2)) && [[ -L $f ]]; then exec {n}>&-; fi; done',
  'exec "$@"',
].join('\n');

/** bash, the limits as its arguments, then the command. */
export function wrapCommand(step: NormalizedStep, command: string[]): string[] {
  const { limits } = step;
  return [
    '/bin/bash',
    '-c',
    WRAPPER,
    'saferun-step',
    String(limits.processes),
    String(limits.fileSizeMb * 1024),
    // A backstop per process: the wall-clock timer ends the step itself.
    String(Math.ceil(limits.timeMs / 1000) + 1),
    limits.memoryMb === undefined ? 'unlimited' : String(limits.memoryMb * 1024),
    ...command,
  ];
}

/** `--dir` for each parent of `path` not made yet (bwrap would make them 0700, unreachable for the step's uid). */
function parentDirs(path: string, made: Set<string>): string[] {
  const args: string[] = [];
  const parts = path.split('/').filter(Boolean).slice(0, -1);
  let dir = '';
  for (const part of parts) {
    dir += `/${part}`;
    if (made.has(dir)) continue;
    made.add(dir);
    args.push('--dir', dir);
  }
  return args;
}

/** Read-only binds of the trusted paths, at the same path; those already under /usr are visible anyway. */
function readOnlyBinds(paths: readonly string[]): string[] {
  const made = new Set(['/usr', '/etc', '/tmp', '/proc', '/dev', INSIDE]);
  const args: string[] = [];
  for (const path of paths) {
    if (isUnder(path, '/usr')) continue;
    args.push(...parentDirs(path, made), '--ro-bind-try', path, path);
  }
  return args;
}

/**
 * bwrap's arguments for a step: new pid, network, IPC, UTS (and, when not root, user) namespaces;
 * the environment `env` and nothing else;
 * `/usr` and a few files of `/etc` read-only; a fresh `/proc` and `/dev`; the work dir the only
 * writable place; the trusted read-only paths; everything else absent or read-only.
 */
export async function stepSandboxArgs(
  work: string,
  readOnlyPaths: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string[]> {
  return [
    ...sandboxHead(),
    // Exactly this environment inside, whatever the spawn adds for its own use (a tree mark).
    '--clearenv',
    ...Object.entries(env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--ro-bind',
    '/usr',
    '/usr',
    ...(await rootLinkArgs()),
    '--dir',
    '/etc',
    ...ETC_FILES.flatMap((file) => ['--ro-bind-try', file, file]),
    ...FRESH_DIRS,
    '--dir',
    INSIDE,
    '--bind',
    work,
    STEP_WORK,
    ...readOnlyBinds(readOnlyPaths),
    ...readOnlyFrom(STEP_WORK),
  ];
}
