import { randomInt } from 'node:crypto';
import { access, chmod, constants, copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
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

let runRoot: Promise<string> | undefined;

/**
 * `SAFERUN_RUN_DIR`, else `/dev/shm` when writable (a tmpfs: creating a run's files there costs
 * about 0.05 ms against 1 ms on a disk), else the temp dir.
 */
export function resolveRunRoot(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  runRoot ??= (async () => {
    if (env.SAFERUN_RUN_DIR) return env.SAFERUN_RUN_DIR;
    const shm = await access('/dev/shm', constants.W_OK | constants.X_OK).then(() => true, () => false);
    return shm ? '/dev/shm' : tmpdir();
  })();
  return runRoot;
}

/** Creates the run's dir; the helper creates `work/` in it (`--make-cwd`) and hands it to the run's uid. */
export async function createRunDir(): Promise<RunDir> {
  const path = await mkdtemp(join(await resolveRunRoot(), 'saferun-run-'));
  return {
    path,
    work: join(path, 'work'),
    uid: isRoot() ? randomInt(1_000_000, 2_000_000_000) : undefined,
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
const usable = new Map<string, boolean>();
async function othersCanUse(file: string, bit: number): Promise<boolean> {
  const key = `${bit}:${file}`;
  let known = usable.get(key);
  if (known === undefined) {
    known = await checkOthersCanUse(file, bit);
    usable.set(key, known);
  }
  return known;
}

async function checkOthersCanUse(file: string, bit: number): Promise<boolean> {
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

/** Without a sandbox, a program run under its own uid must be able to reach its binary: copy it into `dir` when not. */
export async function reachableProgram(dir: string, dropsUid: boolean, file: string): Promise<string> {
  const absolute = resolve(file);
  if (!dropsUid || (await othersCanUse(absolute, 0o001))) return absolute;
  const copy = join(dir, 'program');
  await copyFile(absolute, copy);
  await chmod(copy, 0o755);
  return copy;
}
