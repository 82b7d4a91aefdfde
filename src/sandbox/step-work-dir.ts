import { chown, copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepFile } from './step-types.js';

const PREFIX = 'saferun-step-';
let swept: Promise<void> | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Work dirs of processes that died before they could remove them (SIGKILL): `saferun-step-<pid>-XXXXXX`. */
async function sweepAbandoned(root: string): Promise<void> {
  const entries = await readdir(root).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (entry) => {
      const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(entry)?.[1]);
      if (!pid || isAlive(pid)) return;
      await rm(join(root, entry), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

/** A fresh, private work dir under the temp dir, named after this process so a later one can sweep it. */
export async function makeStepWorkDir(): Promise<string> {
  const root = tmpdir();
  swept ??= sweepAbandoned(root);
  await swept;
  return mkdtemp(join(root, `${PREFIX}${process.pid}-`));
}

/**
 * Copies the step's files in (never a bind: the step gets a private copy). With `owner`, the
 * work dir and the dirs made for the files belong to the step's uid, so it can write there; the
 * files stay the host's, readable by all.
 */
export async function placeFiles(work: string, files: [string, StepFile][], owner?: number): Promise<void> {
  const dirs = new Set<string>();
  for (const [name, file] of files) {
    const target = join(work, name);
    for (let dir = dirname(target); dir !== work && !dirs.has(dir); dir = dirname(dir)) dirs.add(dir);
    await mkdir(dirname(target), { recursive: true });
    if (typeof file === 'string') {
      if (!(await stat(file)).isFile()) throw new Error(`the step's file ${name} (${file}) is not a regular file`);
      await copyFile(file, target);
    } else {
      await writeFile(target, file.content, { mode: 0o644 });
    }
  }
  if (owner === undefined) return;
  for (const dir of [work, ...dirs]) await chown(dir, owner, owner);
}
