import { describe, expect, it } from 'vitest';
import { chooseLayout, layoutDirs, type ProbeResult } from '../../../src/judge/executor/cgroup/choose-layout.js';
import { findCgroups } from '../../../src/judge/executor/cgroup/find-cgroups.js';

// /proc/self/cgroup and /proc/self/mountinfo as three kinds of machine show them.
const HYBRID_CGROUP = `9:name=systemd:/
8:pids:/
6:freezer:/
4:memory:/process_api/928ce
2:cpuacct:/
1:cpu:/
0::/`;
const HYBRID_MOUNTS = `50 49 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
51 50 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
52 50 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
54 50 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
56 50 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
58 50 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
60 50 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;
// systemd on pure v2, the judge in a delegated service.
const V2_CGROUP = '0::/system.slice/judge.service\n';
const V2_MOUNTS =
  '30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate';
// A container with its own cgroup namespace: its cgroup is "/" and the mount's root is its own.
const CONTAINER_CGROUP = '0::/\n';
const CONTAINER_MOUNTS = '700 690 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw';
// cpu and cpuacct mounted together, as most v1 systems do; a mount point with a space.
const COMOUNT_CGROUP = '3:cpu,cpuacct:/user.slice\n2:memory:/user.slice\n1:pids:/user.slice\n';
const COMOUNT_MOUNTS = `1 0 0:1 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
2 0 0:2 / /sys/fs/cgroup/memory\\040dir rw - cgroup cgroup rw,memory
3 0 0:3 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids`;

const V1_FILES = [
  'memory.limit_in_bytes',
  'memory.max_usage_in_bytes',
  'memory.oom_control',
  'pids.max',
  'cpuacct.usage',
];
const V2_FILES = ['cgroup.kill', 'cgroup.procs', 'cpu.stat', 'memory.max', 'memory.peak', 'memory.events', 'pids.max'];
const all = (files: string[]) => (): ProbeResult => ({ ok: true, files: [...files, 'freezer.state'] });

describe('findCgroups', () => {
  it('finds each v1 controller under its mount, and the unified dir', () => {
    expect(findCgroups(HYBRID_CGROUP, HYBRID_MOUNTS)).toEqual({
      v1: {
        memory: '/sys/fs/cgroup/memory/process_api/928ce',
        pids: '/sys/fs/cgroup/pids',
        cpuacct: '/sys/fs/cgroup/cpuacct',
        freezer: '/sys/fs/cgroup/freezer',
      },
      v2: '/sys/fs/cgroup/unified',
    });
  });

  it('finds the v2 dir of a delegated service and of a container', () => {
    expect(findCgroups(V2_CGROUP, V2_MOUNTS)).toEqual({ v1: {}, v2: '/sys/fs/cgroup/system.slice/judge.service' });
    expect(findCgroups(CONTAINER_CGROUP, CONTAINER_MOUNTS)).toEqual({ v1: {}, v2: '/sys/fs/cgroup' });
  });

  it('handles co-mounted controllers and escaped mount points', () => {
    expect(findCgroups(COMOUNT_CGROUP, COMOUNT_MOUNTS).v1).toEqual({
      cpuacct: '/sys/fs/cgroup/cpu,cpuacct/user.slice',
      memory: '/sys/fs/cgroup/memory dir/user.slice',
      pids: '/sys/fs/cgroup/pids/user.slice',
    });
  });

  it('skips a mount whose root does not contain the cgroup', () => {
    const mounts = '1 0 0:1 /other /sys/fs/cgroup rw - cgroup2 cgroup2 rw';
    expect(findCgroups('0::/mine\n', mounts)).toEqual({ v1: {} });
    // In a cgroup namespace of its own, with the hierarchy mounted from outside it (the root shows as "/.."):
    // its own dir has no path under the mount.
    expect(findCgroups('8:pids:/\n', '58 50 0:36 /.. /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids')).toEqual({
      v1: {},
    });
  });
});

describe('chooseLayout', () => {
  it('v1: memory, pids and cpuacct, with cgroup.kill of the unified dir on a hybrid system', () => {
    const choice = chooseLayout(findCgroups(HYBRID_CGROUP, HYBRID_MOUNTS), all([...V1_FILES, 'cgroup.kill']));
    expect(choice).toEqual({
      layout: {
        memory: { version: 1, dir: '/sys/fs/cgroup/memory/process_api/928ce' },
        pids: { version: 1, dir: '/sys/fs/cgroup/pids' },
        cpu: { version: 1, dir: '/sys/fs/cgroup/cpuacct' },
        kill: { version: 2, dir: '/sys/fs/cgroup/unified' },
      },
    });
  });

  it('v1 without a usable unified dir: the freezer', () => {
    const found = findCgroups(HYBRID_CGROUP, HYBRID_MOUNTS);
    const choice = chooseLayout(found, (dir) =>
      dir.endsWith('unified') ? { ok: false, reason: 'EACCES' } : all(V1_FILES)(),
    );
    expect('layout' in choice && choice.layout.freezer).toEqual({ version: 1, dir: '/sys/fs/cgroup/freezer' });
    expect('layout' in choice && choice.layout.kill).toBeUndefined();
  });

  it('v2: every role in one dir', () => {
    const choice = chooseLayout(findCgroups(V2_CGROUP, V2_MOUNTS), all(V2_FILES));
    const at = { version: 2, dir: '/sys/fs/cgroup/system.slice/judge.service' };
    expect(choice).toEqual({ layout: { memory: at, pids: at, cpu: at, kill: at } });
    expect('layout' in choice && layoutDirs(choice.layout)).toEqual([
      { dir: at.dir, roles: ['memory', 'pids', 'cpu', 'kill'] },
    ]);
  });

  it('v2 without memory and pids delegated: says why', () => {
    const choice = chooseLayout(findCgroups(V2_CGROUP, V2_MOUNTS), all(['cgroup.procs', 'cpu.stat', 'cgroup.kill']));
    expect(choice).toEqual({
      reason: expect.stringMatching(
        /^cgroup v2: memory and pids are not enabled in .*judge\.service\/cgroup\.subtree_control/,
      ),
    });
  });

  it('v2 on an old kernel (no memory.peak): says which file is missing', () => {
    const files = V2_FILES.filter((file) => file !== 'memory.peak');
    expect(chooseLayout(findCgroups(V2_CGROUP, V2_MOUNTS), all(files))).toEqual({
      reason: 'cgroup v2: a cgroup in /sys/fs/cgroup/system.slice/judge.service has no memory.peak',
    });
  });

  it('not writable (no root, nothing delegated): says why', () => {
    const choice = chooseLayout(findCgroups(HYBRID_CGROUP, HYBRID_MOUNTS), () => ({ ok: false, reason: 'EACCES' }));
    expect(choice).toEqual({
      reason: 'cgroup v1 memory: cannot create a cgroup in /sys/fs/cgroup/memory/process_api/928ce (EACCES)',
    });
    expect(chooseLayout({ v1: {} }, all(V1_FILES))).toEqual({ reason: 'no cgroup hierarchy is mounted' });
  });
});
