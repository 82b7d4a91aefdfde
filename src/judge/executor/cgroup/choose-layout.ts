import type { FoundCgroups } from './find-cgroups.js';

/** What a run's cgroup is used for; each at a cgroup version, under a dir of this process's own cgroups. */
export type CgroupRole = 'memory' | 'pids' | 'cpu' | 'kill' | 'freezer';
interface Placement {
  version: 1 | 2;
  dir: string;
}
/** memory, pids and cpu always; `kill` (v2 cgroup.kill) or `freezer` (v1) when available, else repeated kills. */
export interface CgroupLayout {
  memory: Placement;
  pids: Placement;
  cpu: Placement;
  kill?: Placement;
  freezer?: Placement;
}

/** What creating a child cgroup in a dir showed: its control files, or why it could not. */
export type ProbeResult = { ok: true; files: readonly string[] } | { ok: false; reason: string };

export type LayoutChoice = { layout: CgroupLayout } | { reason: string };

const V1_FILES = {
  memory: ['memory.limit_in_bytes', 'memory.max_usage_in_bytes', 'memory.oom_control'],
  pids: ['pids.max'],
  cpuacct: ['cpuacct.usage'],
} as const;
const V2_FILES = ['memory.max', 'memory.peak', 'memory.events', 'pids.max', 'cpu.stat', 'cgroup.kill'];

function missingFiles(probe: ProbeResult, files: readonly string[]): string[] {
  return probe.ok ? files.filter((file) => !probe.files.includes(file)) : [...files];
}

/** Why a dir cannot hold run cgroups with these files; undefined when it can. */
function problemWith(dir: string, probe: ProbeResult | undefined, files: readonly string[]): string | undefined {
  if (!probe) return `${dir} was not probed`;
  if (!probe.ok) return `cannot create a cgroup in ${dir} (${probe.reason})`;
  const missing = missingFiles(probe, files);
  return missing.length > 0 ? `a cgroup in ${dir} has no ${missing.join(', ')}` : undefined;
}

function chooseV1(found: FoundCgroups, probe: (dir: string) => ProbeResult | undefined): LayoutChoice {
  const { memory, pids, cpuacct } = found.v1;
  if (!memory || !pids || !cpuacct) {
    const absent = (['memory', 'pids', 'cpuacct'] as const).filter((name) => !found.v1[name]);
    return { reason: `cgroup v1 has no ${absent.join(', ')} hierarchy for this process` };
  }
  for (const [name, dir] of [
    ['memory', memory],
    ['pids', pids],
    ['cpuacct', cpuacct],
  ] as const) {
    const problem = problemWith(dir, probe(dir), V1_FILES[name]);
    if (problem) return { reason: `cgroup v1 ${name}: ${problem}` };
  }
  const layout: CgroupLayout = {
    memory: { version: 1, dir: memory },
    pids: { version: 1, dir: pids },
    cpu: { version: 1, dir: cpuacct },
  };
  // The kill: cgroup.kill of the unified hierarchy when it can be used too (a hybrid system), else the v1 freezer.
  if (found.v2 && !problemWith(found.v2, probe(found.v2), ['cgroup.kill'])) layout.kill = { version: 2, dir: found.v2 };
  else if (found.v1.freezer && !problemWith(found.v1.freezer, probe(found.v1.freezer), ['freezer.state']))
    layout.freezer = { version: 1, dir: found.v1.freezer };
  return { layout };
}

function chooseV2(dir: string, probe: (dir: string) => ProbeResult | undefined): LayoutChoice {
  const result = probe(dir);
  if (result?.ok && !result.files.includes('memory.max')) {
    return {
      reason: `cgroup v2: memory and pids are not enabled in ${dir}/cgroup.subtree_control (run the judge in a delegated cgroup with them enabled, e.g. systemd's Delegate=yes)`,
    };
  }
  const problem = problemWith(dir, result, V2_FILES);
  if (problem) return { reason: `cgroup v2: ${problem}` };
  const at: Placement = { version: 2, dir };
  return { layout: { memory: at, pids: at, cpu: at, kill: at } };
}

/**
 * The cgroups a run uses, from this process's own cgroup dirs and what a child cgroup created in
 * each showed: v1 memory + pids + cpuacct when all are writable, else v2 with memory, pids and
 * cgroup.kill, else a reason why not (the run then falls back to rlimits).
 */
export function chooseLayout(found: FoundCgroups, probe: (dir: string) => ProbeResult | undefined): LayoutChoice {
  const v1 = chooseV1(found, probe);
  if ('layout' in v1) return v1;
  if (found.v2 && !found.v1.memory) return chooseV2(found.v2, probe);
  return Object.keys(found.v1).length > 0 ? v1 : { reason: 'no cgroup hierarchy is mounted' };
}

/** The distinct dirs of a layout, each with the roles placed in it. */
export function layoutDirs(layout: CgroupLayout): { dir: string; roles: CgroupRole[] }[] {
  const dirs: { dir: string; roles: CgroupRole[] }[] = [];
  for (const role of ['memory', 'pids', 'cpu', 'kill', 'freezer'] as const) {
    const placement = layout[role];
    if (!placement) continue;
    const entry = dirs.find((d) => d.dir === placement.dir);
    if (entry) entry.roles.push(role);
    else dirs.push({ dir: placement.dir, roles: [role] });
  }
  return dirs;
}
