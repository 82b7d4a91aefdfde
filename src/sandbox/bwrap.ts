import { execFile } from '../process/index.js';
import { SaferunError } from '../shared/index.js';
import { rootLinkArgs } from './root-links.js';

/** The sandbox modes, in the order messages list them. */
export const SANDBOX_MODES = ['auto', 'bwrap', 'none'] as const;

/** `'auto'` uses bubblewrap when it is installed and works, and warns when it does not. */
export type SandboxMode = (typeof SANDBOX_MODES)[number];

export type ResolvedSandbox = { kind: 'bwrap'; path: string } | { kind: 'none'; warning?: string };

const BWRAP_CANDIDATES = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];
let probe: Promise<ResolvedSandbox> | undefined;
let warned = false;

/** Root needs no user namespace, and must not get one: inside it, setuid to the run's own uid fails. */
export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function namespaceFlags(): string[] {
  const common = ['--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'];
  return isRoot() ? common : ['--unshare-user', ...common];
}

/**
 * How every sandbox starts: new pid, network, IPC, UTS and cgroup namespaces (and a user namespace
 * when not root), gone with its parent, in a session of its own (no terminal to inject into).
 */
export function sandboxHead(): string[] {
  return [...namespaceFlags(), '--die-with-parent', '--new-session'];
}

/** Finds a bwrap that actually starts a sandbox here (user namespaces may be disabled). Probed once. */
export function probeBwrap(): Promise<ResolvedSandbox> {
  probe ??= probeBwrapAt(BWRAP_CANDIDATES);
  return probe;
}

/** Tries each path in turn; `none` with the reason as a warning when none works. */
export async function probeBwrapAt(candidates: readonly string[]): Promise<ResolvedSandbox> {
  const reasons: string[] = [];
  for (const path of candidates) {
    const result = await execFile(
      path,
      [...namespaceFlags(), '--die-with-parent', '--ro-bind', '/', '/', '--', '/bin/true'],
      { timeout: 10_000 },
    );
    if (result.ok) return { kind: 'bwrap', path };
    if (result.kind !== 'spawn-error') reasons.push(`${path}: ${result.stderr.trim() || result.kind}`);
  }
  const why = reasons.length
    ? `bubblewrap does not work here (${reasons.join('; ')})`
    : 'bubblewrap (bwrap) is not installed';
  return {
    kind: 'none',
    warning: `saferun: ${why}; untrusted programs run WITHOUT a sandbox (network and file system open)`,
  };
}

/** The sandbox a run uses. `'bwrap'` that cannot work is an error; `'auto'` falls back with a warning. */
export async function resolveSandbox(
  mode: SandboxMode,
  warn: (message: string) => void = emitOnce,
): Promise<ResolvedSandbox> {
  if (mode === 'none') return { kind: 'none' };
  const found = await probeBwrap();
  if (found.kind === 'bwrap') return found;
  if (mode === 'bwrap') throw new SaferunError('ERR_SANDBOX_UNAVAILABLE', unavailable(found.warning));
  if (found.warning) warn(found.warning);
  return found;
}

// `sandbox: 'bwrap'` was asked for: the reason without the fallback's "runs WITHOUT a sandbox".
function unavailable(warning: string | undefined): string {
  const why = warning?.replace(/^saferun: /, '').replace(/; untrusted programs run WITHOUT.*$/, '');
  return `sandbox 'bwrap' was required, but ${why ?? 'bubblewrap is not available'}`;
}

function emitOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(message, { code: 'SAFERUN_NO_SANDBOX' });
}

/** Read-only system directories, with merged-/usr symlinks recreated as symlinks. */
async function bindSystem(): Promise<string[]> {
  return ['--ro-bind', '/usr', '/usr', '--ro-bind-try', '/etc', '/etc', ...(await rootLinkArgs())];
}

/** Where saferun's own files appear inside the sandbox. */
export const INSIDE = '/.saferun';

/** A sandbox's own /proc, /dev and empty /tmp. */
export const FRESH_DIRS = ['--proc', '/proc', '--dev', '/dev', '--dir', '/tmp'];

/** The end of bwrap's arguments: everything not bound writable made read-only, the working dir, the command next. */
export function readOnlyFrom(chdir: string): string[] {
  return ['--remount-ro', '/', '--chdir', chdir, '--'];
}

/**
 * bwrap's arguments up to the command: new pid, network, IPC and UTS namespaces (and a user
 * namespace when not root), the system read-only, the given binds, everything else read-only.
 */
export async function sandboxArgs(binds: readonly string[], chdir: string): Promise<string[]> {
  return [
    ...sandboxHead(),
    ...(await bindSystem()),
    ...FRESH_DIRS,
    '--perms',
    '0755',
    '--dir',
    INSIDE,
    ...binds,
    ...readOnlyFrom(chdir),
  ];
}
