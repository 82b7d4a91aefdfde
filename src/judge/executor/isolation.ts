import { readFileSync } from 'node:fs';
import { isRoot } from '../../sandbox/index.js';

/** How a session's runs are kept apart from the host, from each other and from the helper. */
export interface Isolation {
  /** Each run in new pid, IPC, mount and cgroup namespaces, with a private tmpfs /dev/shm holding its work dir, and a fresh /proc. */
  namespaces: boolean;
  /** The program in a user namespace of its own (uid 1000 there): a sandbox without root. */
  userNamespace: boolean;
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
 * The isolation a sandbox mode gives here. bwrap: namespaces per run, and as non-root a user namespace
 * for the program. none: namespaces and a private uid as root (namespaces need CAP_SYS_ADMIN);
 * nothing as a normal user, whose runs share its uid, IPC and /dev/shm.
 */
export function chooseIsolation(sandbox: 'bwrap' | 'none'): Isolation {
  const root = isRoot();
  if (sandbox === 'bwrap') return { namespaces: true, userNamespace: !root, privateUid: root };
  return { namespaces: root && hasSysAdmin(), userNamespace: false, privateUid: root };
}
