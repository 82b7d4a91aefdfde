import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { problemError } from './problem-error.js';
import type { ValidatorLanguage, ValidatorProgram } from './types.js';

/** Where a package keeps its output validator: `output_validators/` (legacy) or `output_validator/` (2023-07). */
const VALIDATOR_DIRS = ['output_validators', 'output_validator'];

const EXTENSIONS: [ValidatorLanguage, string[]][] = [
  ['cpp', ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh']],
  ['c', ['.c', '.h']],
  ['python', ['.py']],
  ['java', ['.java']],
  ['javascript', ['.js', '.mjs']],
  ['rust', ['.rs']],
  ['go', ['.go']],
];

/** The language of a program's files: C++ wins over C (headers), then the first language found. */
function detectLanguage(files: readonly string[]): ValidatorLanguage | undefined {
  if (files.some((file) => file === 'build' || file === 'run')) return 'build-run';
  const found = new Set(
    files.map((file) => EXTENSIONS.find(([, exts]) => exts.includes(extname(file).toLowerCase()))?.[0]),
  );
  if (found.has('cpp')) return 'cpp';
  return EXTENSIONS.map(([language]) => language).find((language) => found.has(language));
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, root)));
    else files.push(relative(root, path));
  }
  return files.sort();
}

/**
 * The package's output validator (or interactor), as DOMjudge finds it: the files of `output_validators/`
 * (or `output_validator/`) share one directory, either that dir itself or its one subdirectory. Several
 * programs are an error: saferun, like DOMjudge, runs one.
 */
export async function findValidator(packageDir: string): Promise<ValidatorProgram | undefined> {
  for (const name of VALIDATOR_DIRS) {
    const top = join(packageDir, name);
    if (!(await stat(top).catch(() => undefined))?.isDirectory()) continue;
    const entries = (await readdir(top, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.'));
    const subdirs = entries.filter((entry) => entry.isDirectory());
    const loose = entries.filter((entry) => !entry.isDirectory());
    if (entries.length === 0) continue;
    if (subdirs.length > 0 && (loose.length > 0 || subdirs.length > 1))
      throw problemError(
        `${name}/ holds several programs (${entries.map((entry) => entry.name).join(', ')}): saferun runs one output validator`,
      );
    const dir = subdirs.length === 1 ? join(top, subdirs[0]!.name) : top;
    const files = await listFiles(dir);
    const language = detectLanguage(files);
    if (!language)
      throw problemError(
        `${relative(packageDir, dir)}/: cannot tell the validator's language from ${files.join(', ') || 'no files'}`,
      );
    return { dir, files, language };
  }
  return undefined;
}
