import { chown, copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StepFile } from './step-types.js';
import { findAbandonedEntries } from '../shared/index.js';

const PREFIX = 'saferun-step-';
let swept: Promise<void> | undefined;

/** Work dirs of processes that died before they could remove them (SIGKILL): `saferun-step-<pid>-XXXXXX`. */
async function sweepAbandoned(root: string): Promise<void> {
  const abandoned = await findAbandonedEntries(root, new RegExp(`^${PREFIX}(\\d+)-`));
  await Promise.all(abandoned.map((path) => rm(path, { recursive: true, force: true }).catch(() => undefined)));
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
