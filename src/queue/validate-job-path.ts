import { posix } from 'node:path';
import { isCppSource } from '../compile/index.js';
import { invalidField } from './invalid-field.js';

const PATH_RULE = 'an absolute path on the workers without `..`, `.` or `//` (e.g. `/shared/problems/ab`)';

/**
 * A path a job names on the workers' disk (a tests dir, a checker). A job may carry what a user sent:
 * refusing relative paths and `..` keeps it from stepping out of the dir the back end meant.
 */
export function validateJobPath(name: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !posix.isAbsolute(value) ||
    posix.normalize(value) !== value ||
    /[\0\n\r]/.test(value)
  )
    throw invalidField(name, PATH_RULE, value);
  return value;
}

/**
 * A job's testlib checker: a C++ source, compiled on the worker. judge() runs any other path as it is,
 * on the host and outside the sandbox: from a job, `{ testlib: '/bin/sh' }` ran the test's input as a script.
 */
export function validateJobChecker(value: unknown): string {
  const path = validateJobPath('checker.testlib', value);
  if (!isCppSource(path))
    throw invalidField('checker.testlib', 'a C++ source (`.cpp`, `.cc`, `.cxx`) the workers compile', value);
  return path;
}
