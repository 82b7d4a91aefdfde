import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { LanguageProfile, PrepareRequest } from './types.js';

/** The submission as laid out in its program dir. */
export interface StagedFiles {
  dir: string;
  /** The entry point's name in `dir`. */
  main: string;
  /** Names compiled: the submission's and the grader's files of the profile's extensions, entry point first. */
  sources: string[];
  /** Every name placed, in order: what a compile step gets. */
  names: string[];
}

/**
 * Copies the submission, the grader and the extra files into one fresh dir under their base names,
 * readable by anyone (the run's uid): the program dir, shown read-only to the run, so a Python
 * module or a Node `require('./x')` next to the entry point is found. Throws on a clash of names
 * or a file that is not a regular file.
 */
export async function stageFiles(request: PrepareRequest, profile: LanguageProfile, dir: string): Promise<StagedFiles> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  const groups = [request.files, request.grader ?? [], request.extraFiles ?? []];
  const names: string[] = [];
  const compiled: string[] = [];
  for (const [group, files] of groups.entries()) {
    for (const file of files) {
      const name = basename(file);
      if (names.includes(name)) throw new Error(`two files are named ${name}: give each file a distinct name`);
      // A name is an argument of the build (`{sources}`, `{main}`): never one that reads as an option.
      if (name.startsWith('-')) throw new Error(`the file name ${name} starts with \`-\`: rename it`);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) throw new Error(`${file} is missing or not a regular file`);
      await copyFile(resolve(file), join(dir, name), constants.COPYFILE_EXCL);
      await chmod(join(dir, name), 0o644);
      names.push(name);
      if (group < 2 && profile.extensions.includes(extname(name))) compiled.push(name);
    }
  }
  const main = basename(request.main ?? request.files[0] ?? '');
  if (!request.files.some((file) => basename(file) === main))
    throw new Error(`the entry point ${main} is not one of the submission's files`);
  // The entry point is a source whatever its extension: `language` named its language.
  const sources = [main, ...compiled.filter((name) => name !== main)];
  return { dir, main, sources, names };
}
