import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isUnder } from '../sandbox/index.js';
import { invalidField } from './invalid-field.js';
import type { JudgeJobData } from './types.js';

// A path that does not exist yet is judged by its name: the judge then reports it unreadable (IE).
async function resolvePath(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/**
 * Refuses a job whose tests dir or testlib checker lies outside `problemsDir` once symlinks are
 * resolved: a job may carry what a user sent, and any other dir is data (answers, a package's own
 * checker run on the host) the worker can read.
 */
export async function checkJobPaths(data: JudgeJobData, problemsDir: string): Promise<void> {
  const root = await resolvePath(problemsDir);
  const named: [string, string | undefined][] = [
    ['tests', typeof data.tests === 'string' ? data.tests : undefined],
    [
      'checker.testlib',
      typeof data.checker === 'object' && 'testlib' in data.checker ? data.checker.testlib : undefined,
    ],
  ];
  for (const [name, path] of named) {
    if (path === undefined) continue;
    const real = await resolvePath(path);
    if (!isUnder(real, root)) throw invalidField(name, `a path inside the worker's problems dir ${root}`, path);
  }
}
