/** The v1 controllers saferun uses: memory, pids and CPU accounting; the freezer for a kill when there is no cgroup.kill. */
type V1Controller = 'memory' | 'pids' | 'cpuacct' | 'freezer';
const V1_CONTROLLERS: readonly V1Controller[] = ['memory', 'pids', 'cpuacct', 'freezer'];

/** This process's own cgroup dirs: one per v1 controller mounted, and the v2 (unified) one. */
export interface FoundCgroups {
  v1: Partial<Record<V1Controller, string>>;
  v2?: string;
}

interface CgroupMount {
  root: string;
  mountPoint: string;
  type: 'cgroup' | 'cgroup2';
  options: string[];
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

function parseMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    // id parent major:minor root mount-point options [optional...] - type source super-options
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [type, , superOptions = ''] = right.split(' ');
    if ((type !== 'cgroup' && type !== 'cgroup2') || fields.length < 5) continue;
    mounts.push({
      root: unescapeMountPath(fields[3]!),
      mountPoint: unescapeMountPath(fields[4]!),
      type,
      options: superOptions.split(','),
    });
  }
  return mounts;
}

/** The dir of a cgroup path under a mount of its hierarchy; undefined when the mount does not reach it. */
function dirUnder(mount: CgroupMount, path: string): string | undefined {
  const root = mount.root === '/' ? '' : mount.root;
  if (root !== '' && path !== root && !path.startsWith(`${root}/`)) return undefined;
  const rest = path.slice(root.length).replace(/\/+$/, '');
  return `${mount.mountPoint.replace(/\/+$/, '')}${rest}` || '/';
}

/**
 * Where this process's cgroups are, from `/proc/self/cgroup` and `/proc/self/mountinfo`: the dir
 * of its own cgroup in each hierarchy. Run cgroups are created only below these dirs.
 */
export function findCgroups(procCgroup: string, mountinfo: string): FoundCgroups {
  const mounts = parseMounts(mountinfo);
  const found: FoundCgroups = { v1: {} };
  for (const line of procCgroup.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const [, id, controllers, path] = match as unknown as [string, string, string, string];
    if (id === '0' && controllers === '') {
      for (const mount of mounts.filter((m) => m.type === 'cgroup2')) {
        const dir = dirUnder(mount, path);
        if (dir) {
          found.v2 = dir;
          break;
        }
      }
      continue;
    }
    for (const controller of controllers.split(',')) {
      if (!(V1_CONTROLLERS as readonly string[]).includes(controller)) continue;
      const mount = mounts.find((m) => m.type === 'cgroup' && m.options.includes(controller));
      const dir = mount && dirUnder(mount, path);
      if (dir) found.v1[controller as V1Controller] = dir;
    }
  }
  return found;
}
