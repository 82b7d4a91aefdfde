import { access, chmod, constants, copyFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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
