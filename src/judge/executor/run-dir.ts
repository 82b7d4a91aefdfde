import { access, chmod, constants, copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findAbandonedEntries } from '../../shared/index.js';

let runRoot: Promise<string> | undefined;

/**
 * `SAFERUN_RUN_DIR`, else `/dev/shm` when writable (a tmpfs: creating a run's files there costs
 * about 0.05 ms against 1 ms on a disk), else the temp dir.
 */
export function resolveRunRoot(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  runRoot ??= (async () => {
    const shm = await access('/dev/shm', constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    );
    const root = env.SAFERUN_RUN_DIR ?? (shm ? '/dev/shm' : tmpdir());
    await sweepAbandoned(root);
    return root;
  })();
  return runRoot;
}

/** A session dir's name carries its process id: `saferun-session-<pid>-XXXXXX`. */
export function sessionPrefix(root: string): string {
  return join(root, `saferun-session-${process.pid}-`);
}

let judgeRoot: Promise<string> | undefined;

/**
 * A private dir for one judge() call (the compiled program, a checker), `saferun-judge-<pid>-XXXXXX`
 * in the temp dir: the dirs of a judge killed before it could remove them go the next time.
 */
export async function makeJudgeDir(): Promise<string> {
  judgeRoot ??= (async () => {
    const root = tmpdir();
    await sweepAbandoned(root);
    return root;
  })();
  return mkdtemp(join(await judgeRoot, `saferun-judge-${process.pid}-`));
}

/**
 * A dir inside a judge dir for the problem's side (checker, validator, interactor and their files):
 * random-named and traversable, not listable, so that a program under another uid reaches only the
 * paths it is given.
 */
export async function makeTrustedDir(judgeDir: string): Promise<string> {
  const dir = await mkdtemp(join(judgeDir, 'problem-'));
  await chmod(dir, 0o711);
  return dir;
}

/** Removes the session and judge dirs of processes that are gone (killed before they could clean up). */
async function sweepAbandoned(root: string): Promise<void> {
  const abandoned = await findAbandonedEntries(root, /^saferun-(?:session|judge)-(\d+)-/);
  await Promise.all(abandoned.map((path) => rm(path, { recursive: true, force: true }).catch(() => {})));
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

/** Copies a program into the session dir, executable by anyone (the run's own uid), as `program`. */
export async function copyProgram(dir: string, file: string): Promise<string> {
  const copy = join(dir, 'program');
  await copyFile(resolve(file), copy, constants.COPYFILE_EXCL);
  await chmod(copy, 0o755);
  return copy;
}

/** Without a sandbox, a program run under its own uid must be able to reach its binary: copy it into `dir` when not. */
export async function reachableProgram(dir: string, dropsUid: boolean, file: string): Promise<string> {
  const absolute = resolve(file);
  if (!dropsUid || (await othersCanUse(absolute, 0o001))) return absolute;
  return copyProgram(dir, absolute);
}
