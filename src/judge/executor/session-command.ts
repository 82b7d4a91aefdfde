import { realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { INSIDE, isRoot, sandboxArgs, type ResolvedSandbox } from '../../sandbox/index.js';
import type { ExecutorBackend } from './backend.js';
import { layoutDirs, type CgroupLayout } from './cgroup/choose-layout.js';
import { cgroupPrefix } from './cgroup/probe-cgroups.js';
import type { Isolation } from './isolation.js';
import { copyProgram, reachableProgram } from './run-dir.js';

export interface SessionCommandOptions {
  helper: string;
  program: string;
  args?: readonly string[];
  readOnlyPaths?: readonly string[];
  sandbox: ResolvedSandbox;
  backend: ExecutorBackend;
  isolation: Isolation;
  /** The session's private host dir. */
  hostDir: string;
  /** Input dirs (host) and where the helper sees them. */
  privateInputs: Map<string, string>;
  id: number;
}

/**
 * The cgroups each run gets. In a pid namespace of its own a run is killed whole with the namespace:
 * no extra cgroup for cgroup.kill or the freezer (each costs a mkdir, a join and an rmdir a run).
 */
function runLayout({ backend, isolation }: SessionCommandOptions): CgroupLayout | undefined {
  if (!backend.layout || !isolation.namespaces) return backend.layout;
  const { kill, freezer: _, ...accounting } = backend.layout;
  return kill?.dir === backend.layout.memory.dir ? { ...accounting, kill } : accounting;
}

/** The helper's session options: isolation, what to hide from the program, and the run cgroups' places. */
function helperFlags(options: SessionCommandOptions, cgroupDir: (dir: string, index: number) => string): string[] {
  const { isolation, sandbox } = options;
  const flags: string[] = [];
  if (isolation.namespaces) flags.push('--namespaces');
  if (isolation.userNamespace) flags.push('--user-namespace');
  if (isolation.asUser) flags.push('--as-user');
  // A fresh /proc shows the run's processes only. Without a sandbox too, as root: the host's showed the
  // command lines of the judge, of other tests' validators and of other judges, with their private
  // dirs' random names (fixtures/judge/adversarial/proc-cmdlines.cpp). Not in a user namespace of the
  // proxy's own, where the kernel may refuse a new /proc.
  if (sandbox.kind === 'bwrap' || (isolation.namespaces && !isolation.asUser)) flags.push('--mount-proc');
  // The helper's binary, the session dir, the inputs and the cgroups: none of them in the program's mount namespace.
  if (sandbox.kind === 'bwrap') flags.push('--hide', `${INSIDE}/private`, '--hide', `${INSIDE}/limit`);
  // bwrap's /dev is a tmpfs the sandbox's uid owns, shared by the session's runs: read-only for each
  // (its device nodes are mounts of their own, still usable; /dev/shm is the run's own tmpfs).
  if (sandbox.kind === 'bwrap') flags.push('--read-only', '/dev');
  const layout = runLayout(options);
  if (layout) {
    layoutDirs(layout).forEach(({ dir, roles }, index) => {
      for (const role of roles) flags.push('--cgroup', `${role}=${layout[role]!.version}:${cgroupDir(dir, index)}`);
    });
    flags.push('--cgroup-prefix', cgroupPrefix(options.id));
  }
  return flags;
}

/** Whether the sandbox shows the program at its own path: under /usr or a read-only path. */
async function isShownInPlace(real: string, readOnlyPaths: readonly string[]): Promise<boolean> {
  if (real.startsWith('/usr/')) return true;
  const roots = await Promise.all(readOnlyPaths.map((path) => realpath(path).catch(() => resolve(path))));
  return roots.some((root) => real.startsWith(`${root}/`));
}

/** Dirs the sandbox shows already: a path under them needs no dirs made for it. */
const SYSTEM_DIRS = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/dev'];

/**
 * A host path shown read-only at the same path. bwrap makes the dirs above it 0700, which a program
 * under its own uid could not cross: they are made 0755 first.
 */
function readOnlyBind(raw: string): string[] {
  const path = resolve(raw);
  const parents: string[] = [];
  for (let dir = dirname(path); dir !== '/'; dir = dirname(dir)) parents.unshift(dir);
  const made = parents.filter((dir) => !SYSTEM_DIRS.some((system) => dir === system || dir.startsWith(`${system}/`)));
  return [...made.flatMap((dir) => ['--perms', '0755', '--dir', dir]), '--ro-bind', path, path];
}

/**
 * The command that starts a session's helper. Without a sandbox, the helper itself. In bwrap, the
 * helper launches bwrap with its arguments on a descriptor (`--args`), so that the sandbox's
 * /proc/1/cmdline holds no host path; the program is a copy in the session dir, so that no mount
 * source names where it came from; as non-root the helper gets CAP_SYS_ADMIN inside the sandbox's
 * user namespace, to give each run its own namespaces.
 */
export async function buildSessionCommand(options: SessionCommandOptions): Promise<{ file: string; args: string[] }> {
  const { helper, program, sandbox, hostDir } = options;
  const programArgs = options.args ?? [];
  const isPath = program.includes('/');
  if (sandbox.kind !== 'bwrap') {
    const path = isPath ? await reachableProgram(hostDir, options.isolation.privateUid, program) : program;
    return { file: helper, args: ['--serve', ...helperFlags(options, (dir) => dir), '--', path, ...programArgs] };
  }
  const layout = runLayout(options);
  const dirs = layout ? layoutDirs(layout) : [];
  // A program of the system (under /usr, in the sandbox already) or of a toolchain shown read-only
  // (an interpreter in /root/.pyenv) runs where it is: it may find its libraries and its prefix next
  // to it ($ORIGIN, sys.prefix). Any other is a copy in the session dir.
  const inPlace = isPath && (await isShownInPlace(await realpath(program), options.readOnlyPaths ?? []));
  const bound = isPath && !inPlace;
  const binds = [
    '--hostname',
    'saferun',
    // Without root: uid 0 of the sandbox's user namespace (another uid would put the helper in a nested
    // user namespace, where its run's mount namespace could not unmount what the program must not see),
    // with what the run's namespaces need: CAP_SYS_ADMIN, and CAP_SETFCAP to map that uid 0 to the
    // program's uid 1000 in the program's own user namespace.
    ...(isRoot() ? [] : ['--uid', '0', '--gid', '0', '--cap-add', 'CAP_SYS_ADMIN', '--cap-add', 'CAP_SETFCAP']),
    '--ro-bind',
    helper,
    `${INSIDE}/limit`,
    ...(bound ? ['--ro-bind', await copyProgram(hostDir, program), `${INSIDE}/program`] : []),
    // A mount of its own (not a dir), so that one unmount takes everything under it out of the program's view.
    '--perms',
    '0700',
    '--tmpfs',
    `${INSIDE}/private`,
    '--bind',
    hostDir,
    `${INSIDE}/private/session`,
    ...[...options.privateInputs].flatMap(([host, inside]) => ['--ro-bind', host, inside]),
    ...dirs.flatMap(({ dir }, index) => ['--bind', dir, `${INSIDE}/private/cgroup${index}`]),
    ...(options.readOnlyPaths ?? []).flatMap(readOnlyBind),
  ];
  const inner = [
    `${INSIDE}/limit`,
    '--serve',
    ...helperFlags(options, (_, index) => `${INSIDE}/private/cgroup${index}`),
    '--',
    bound ? `${INSIDE}/program` : inPlace ? await realpath(program) : program,
    ...programArgs,
  ];
  return {
    file: helper,
    args: ['--launch', sandbox.path, ...(await sandboxArgs(binds, `${INSIDE}/private/session`)), ...inner],
  };
}
