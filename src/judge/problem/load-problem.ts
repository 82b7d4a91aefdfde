import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadPackage } from './load-package.js';
import { loadTestsDir } from './load-tests-dir.js';
import { invalidField, problemError } from './problem-error.js';
import type { Problem } from './types.js';

async function exists(path: string, kind: 'file' | 'dir'): Promise<boolean> {
  const found = await stat(path).catch(() => undefined);
  return kind === 'file' ? found?.isFile() === true : found?.isDirectory() === true;
}

/** A package has problem.yaml, domjudge-problem.ini, or data/ with sample/ or secret/. */
async function isPackage(dir: string): Promise<boolean> {
  const markers = await Promise.all([
    exists(join(dir, 'problem.yaml'), 'file'),
    exists(join(dir, 'domjudge-problem.ini'), 'file'),
    exists(join(dir, 'data', 'sample'), 'dir'),
    exists(join(dir, 'data', 'secret'), 'dir'),
  ]);
  return markers.some(Boolean);
}

/**
 * Reads a problem from a directory: an ICPC problem package (problem.yaml, data/sample and
 * data/secret, output_validators/, DOMjudge's .timelimit and domjudge-problem.ini) or a plain tests
 * dir (NAME.in + NAME.out or NAME.ans, with an optional groups.json). Throws SaferunError
 * (ERR_INVALID_PROBLEM) naming the file and field at fault; every path in the result is absolute; a test without an answer is not an error
 * here but a `problem` on that test (an IE when judged).
 * @example
 * const problem = await loadProblem('fixtures/judge/packages/scored');
 * problem.groups; // [{ name: 'sample', points: 0, ... }, { name: 'secret/group1', points: 20, ... }, ...]
 */
export async function loadProblem(dir: string): Promise<Problem> {
  if (typeof dir !== 'string' || dir === '') throw invalidField('loadProblem', 'dir', 'a directory path', dir);
  const found = await stat(dir).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (found instanceof Error) throw problemError(`cannot read the problem dir ${dir}: ${found.message}`);
  if (!found.isDirectory()) throw problemError(`${dir} is not a directory`);
  // Absolute paths: the judge binds them into sandboxes and runs validators from other dirs.
  const absolute = resolve(dir);
  return (await isPackage(absolute)) ? loadPackage(absolute) : loadTestsDir(absolute);
}
