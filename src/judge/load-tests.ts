import { readdir } from 'node:fs/promises';
import { readRegularFile } from '../shared/index.js';
import { toBytes } from './display-bytes.js';
import { join } from 'node:path';

/** A test given inline. `expected` may be left out when a function checker does not need it. */
export interface InlineTest {
  name?: string;
  input: string;
  expected?: string;
}

/** A test as the judge runs it: text or files, read only when needed. */
export interface LoadedTest {
  name: string;
  input?: string;
  inputFile?: string;
  expected?: Buffer;
  expectedFile?: string;
  /** The test is broken (e.g. no answer file): an IE for this test, never the submission's fault. */
  problem?: string;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural order: `2` before `10`, `a2` before `a10`. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `NAME.in` with `NAME.out` or `NAME.ans`, matched by name, in natural order. Throws when the dir cannot be read. */
export async function loadTestsFromDir(dir: string): Promise<LoadedTest[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((entry) => entry.name));
  const directories = new Set(entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  return entries
    .map((entry) => entry.name)
    .filter((entry) => entry.endsWith('.in'))
    .map((entry) => entry.slice(0, -3))
    .sort(naturalCompare)
    .map((name) => {
      const answer = [`${name}.out`, `${name}.ans`].find((candidate) => names.has(candidate));
      const test: LoadedTest = { name, inputFile: join(dir, `${name}.in`) };
      // A broken test is the problem's fault: an IE for that test, never a verdict against the submission.
      if (directories.has(`${name}.in`)) test.problem = `${name}.in is a directory, not a file`;
      else if (answer) test.expectedFile = join(dir, answer);
      else test.problem = `no answer file ${name}.out or ${name}.ans`;
      return test;
    });
}

export function loadInlineTests(tests: readonly InlineTest[]): LoadedTest[] {
  // Inline tests may come from untrusted JSON: a null entry is a problem, not a crash.
  return tests.map((test: InlineTest | null | undefined, index) => {
    const name = test?.name ?? String(index + 1);
    if (typeof test?.input !== 'string') return { name, problem: 'Expected `input` to be a string' };
    if (test.expected !== undefined && typeof test.expected !== 'string')
      return { name, problem: 'Expected `expected` to be a string' };
    return { name, input: test.input, expected: toBytes(test.expected ?? '') };
  });
}

/** The answer as bytes: compared as bytes. */
export async function readExpected(test: LoadedTest): Promise<Buffer> {
  return test.expected ?? (test.expectedFile ? readRegularFile(test.expectedFile) : Buffer.alloc(0));
}

export async function readInput(test: LoadedTest): Promise<string> {
  return test.input ?? (test.inputFile ? (await readRegularFile(test.inputFile)).toString('utf8') : '');
}
