import { readFileSync } from 'node:fs';
import { isRoot, probeBwrap } from '../../sandbox/index.js';

/** How a session's runs are kept apart from the host, from each other and from the helper. */
export interface Isolation {
  /** Each run in new pid, IPC, mount and cgroup namespaces, with a private size-limited tmpfs on /dev/shm holding its work dir. */
  namespaces: boolean;
  /** The program in a user namespace of its own (uid 1000 there): the bwrap sandbox without root. */
  userNamespace: boolean;
  /** The namespaces without root: each run's proxy in a user namespace that maps the judge's uid to itself. */
  asUser: boolean;
  /** The program under a uid of its own, random (root only). */
  privateUid: boolean;
}

const CAP_SYS_ADMIN = 21;

/** Whether this process has CAP_SYS_ADMIN (root in a container usually has not: no namespaces then). */
function hasSysAdmin(): boolean {
  try {
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hex !== undefined && (BigInt(`0x${hex}`) & (1n << BigInt(CAP_SYS_ADMIN))) !== 0n;
  } catch {
    return false;
  }
}

/**
 * The isolation a sandbox mode gives here. bwrap: namespaces per run, and without root a user
 * namespace for the program. none: namespaces and a uid of its own as root (namespaces need
 * CAP_SYS_ADMIN); namespaces through a user namespace without root, when the kernel allows them
 * (as it does when bwrap works); else nothing: the runs then share the judge's uid, IPC and /dev/shm.
 */
export async function chooseIsolation(
  sandbox: 'bwrap' | 'none',
  env: NodeJS.ProcessEnv = process.env,
): Promise<Isolation> {
  const root = isRoot();
  if (sandbox === 'bwrap') return { namespaces: true, userNamespace: !root, asUser: false, privateUid: root };
  // SAFERUN_NAMESPACES=0: no namespaces without a sandbox (where a machine's policy forbids them).
  if (env.SAFERUN_NAMESPACES === '0')
    return { namespaces: false, userNamespace: false, asUser: false, privateUid: root };
  if (root) return { namespaces: hasSysAdmin(), userNamespace: false, asUser: false, privateUid: true };
  const userNamespaces = (await probeBwrap()).kind === 'bwrap';
  return { namespaces: userNamespaces, userNamespace: false, asUser: userNamespaces, privateUid: false };
}
