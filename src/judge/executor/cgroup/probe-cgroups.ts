import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chooseLayout, type LayoutChoice, type ProbeResult } from './choose-layout.js';
import { findCgroups } from './find-cgroups.js';
import { findAbandonedEntries } from '../../../shared/index.js';

/** Run cgroups are named `saferun-<pid of the judge>-...`, so that a killed judge's can be found and removed. */
const NAME = /^saferun-(\d+)-/;

export function cgroupPrefix(session: number): string {
  return `saferun-${process.pid}-${session}-`;
}

let probed: Promise<LayoutChoice> | undefined;

/** The cgroups runs can use here, probed once per process (creating and removing one cgroup in each dir). */
export function probeCgroups(): Promise<LayoutChoice> {
  probed ??= probeNow().catch((error: unknown) => ({ reason: `cannot read the cgroups: ${(error as Error).message}` }));
  return probed;
}

async function probeNow(): Promise<LayoutChoice> {
  const [procCgroup, mountinfo] = await Promise.all([
    readFile('/proc/self/cgroup', 'utf8'),
    readFile('/proc/self/mountinfo', 'utf8'),
  ]);
  const found = findCgroups(procCgroup, mountinfo);
  const dirs = [...new Set([...Object.values(found.v1), ...(found.v2 ? [found.v2] : [])])];
  const results = new Map<string, ProbeResult>();
  await Promise.all(
    dirs.map(async (dir) => {
      await sweepAbandonedCgroups(dir);
      results.set(dir, await probeDir(dir));
    }),
  );
  return chooseLayout(found, (dir) => results.get(dir));
}

async function probeDir(dir: string): Promise<ProbeResult> {
  const probe = join(dir, `saferun-${process.pid}-probe`);
  try {
    await mkdir(probe);
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  try {
    return { ok: true, files: await readdir(probe) };
  } finally {
    await rmdir(probe).catch(() => {});
  }
}

/** Removes the run cgroups of judges that are gone (killed before they could remove them), killing what is left in them. */
async function sweepAbandonedCgroups(dir: string): Promise<void> {
  const abandoned = await findAbandonedEntries(dir, NAME);
  await Promise.all(
    abandoned.map(async (path) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await rmdir(path);
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EBUSY') return;
        }
        await writeFile(join(path, 'cgroup.kill'), '1').catch(async () => {
          const procs = await readFile(join(path, 'cgroup.procs'), 'utf8').catch(() => '');
          for (const pid of procs.split('\n').filter(Boolean)) {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              // gone meanwhile
            }
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
}
