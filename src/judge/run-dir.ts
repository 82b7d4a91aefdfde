import { randomInt } from 'node:crypto';
import { access, chmod, chown, constants, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isRoot } from './sandbox.js';

/** A run's private directory: `work/` (the program's writable cwd) beside its output and result files. */
export interface RunDir {
  path: string;
  work: string;
  stdout: string;
  stderr: string;
  result: string;
  /** As root, the program runs as this uid, unique to the run: RLIMIT_NPROC counts only its processes, and a kill by uid reaches all of them. */
  uid: number | undefined;
  remove(): Promise<void>;
}

export async function createRunDir(): Promise<RunDir> {
  const path = await mkdtemp(join(tmpdir(), 'saferun-run-'));
  await chmod(path, 0o755);
  const work = join(path, 'work');
  await mkdir(work);
  const uid = isRoot() ? randomInt(1_000_000, 2_000_000_000) : undefined;
  if (uid !== undefined) {
    await chown(work, uid, uid);
    await chmod(work, 0o700);
  }
  return {
    path,
    work,
    uid,
    stdout: join(path, 'stdout'),
    stderr: join(path, 'stderr'),
    result: join(path, 'result.json'),
    remove: () => rm(path, { recursive: true, force: true, maxRetries: 2 }),
  };
}

export async function writeInput(dir: RunDir, input: string | Uint8Array): Promise<string> {
  const file = join(dir.path, 'input');
  await writeFile(file, input, { mode: 0o644 });
  return file;
}

/** Whether a uid that is neither owner nor group can reach and execute (or read) the file. */
async function othersCanUse(file: string, bit: number): Promise<boolean> {
  try {
    if (((await stat(file)).mode & bit) === 0) return false;
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0) return false;
      if (dir === dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}

/** Without a sandbox, a program run under its own uid must be able to reach its binary: copy it when not. */
export async function reachableProgram(dir: RunDir, file: string): Promise<string> {
  const absolute = resolve(file);
  await access(absolute, constants.F_OK);
  if (dir.uid === undefined || (await othersCanUse(absolute, 0o001))) return absolute;
  const copy = join(dir.path, 'program');
  await copyFile(absolute, copy);
  await chmod(copy, 0o755);
  return copy;
}
