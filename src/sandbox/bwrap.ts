import { lstat, readlink } from 'node:fs/promises';
import { execFile } from '../process/index.js';

/** `'auto'` uses bubblewrap when it is installed and works, and warns when it does not. */
export type SandboxMode = 'auto' | 'none' | 'bwrap';

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
  if (mode === 'bwrap') throw new Error(found.warning ?? 'bubblewrap is not available');
  if (found.warning) warn(found.warning);
  return found;
}

function emitOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(message, { code: 'SAFERUN_NO_SANDBOX' });
}

/** Read-only system directories, with merged-/usr symlinks recreated as symlinks. Computed once. */
let systemBinds: Promise<string[]> | undefined;
function bindSystem(): Promise<string[]> {
  systemBinds ??= (async () => {
    const args = ['--ro-bind', '/usr', '/usr', '--ro-bind-try', '/etc', '/etc'];
    for (const name of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
      const stat = await lstat(name).catch(() => undefined);
      if (stat?.isSymbolicLink()) args.push('--symlink', await readlink(name), name);
      else if (stat?.isDirectory()) args.push('--ro-bind', name, name);
    }
    return args;
  })();
  return systemBinds;
}

/** Where saferun's own files appear inside the sandbox. */
export const INSIDE = '/.saferun';

/**
 * bwrap's arguments up to the command: new pid, network, IPC and UTS namespaces (and a user
 * namespace when not root), the system read-only, the given binds, everything else read-only.
 */
export async function sandboxArgs(binds: readonly string[], chdir: string): Promise<string[]> {
  return [
    ...namespaceFlags(),
    '--die-with-parent',
    '--new-session',
    ...(await bindSystem()),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--dir',
    '/tmp',
    '--perms',
    '0755',
    '--dir',
    INSIDE,
    ...binds,
    '--remount-ro',
    '/',
    '--chdir',
    chdir,
    '--',
  ];
}
