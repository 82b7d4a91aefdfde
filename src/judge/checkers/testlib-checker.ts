import { firstCompileError } from '../languages/outcome-of-compile.js';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, isCppSource, type CompileOptions } from '../../compile/index.js';
import { execFile } from '../../process/index.js';
import { accepted, type Checker, type CheckInput, type CheckResult } from './types.js';

export interface TestlibCheckerOptions {
  /** A private directory for the checker's binary and its input/output/answer files. */
  workDir: string;
  compileOptions?: CompileOptions;
  /** Milliseconds a checker may run. @default 10000 */
  timeoutMs?: number;
}

let files = 0;

/**
 * A checker program following testlib's protocol, `checker input output answer`:
 * exit 0 = AC, 1 = WA, 2 = PE (reported as WA), 3 = the checker failed (IE); its stderr is the message.
 * A `.cpp` is compiled once (and cached by compile()); anything else is run as it is.
 */
export async function prepareTestlibChecker(
  path: string,
  options: TestlibCheckerOptions,
): Promise<Checker | CheckResult> {
  let binary = path;
  if (isCppSource(path)) {
    const result = await compile(path, { ...options.compileOptions, output: join(options.workDir, 'checker') });
    if (!result.ok || !result.binary) {
      return { verdict: 'IE', message: `checker ${path} did not compile: ${firstCompileError(result)}` };
    }
    binary = result.binary;
  }
  const timeout = options.timeoutMs ?? 10_000;
  return { check: (test) => runChecker(binary, test, options.workDir, timeout) };
}

async function materialize(
  dir: string,
  file: string | undefined,
  content: () => Promise<string | Uint8Array> | string | Uint8Array,
  name: string,
  written: string[],
): Promise<string> {
  if (file) return file;
  const path = join(dir, `${name}-${++files}`);
  written.push(path);
  await writeFile(path, await content());
  return path;
}

async function runChecker(binary: string, test: CheckInput, dir: string, timeout: number): Promise<CheckResult> {
  // Each copy may be as large as the output limit: remove them after each test, not when the judge ends.
  const written: string[] = [];
  try {
    return await checkFiles(binary, test, dir, timeout, written);
  } finally {
    await Promise.all(written.map((path) => rm(path, { force: true })));
  }
}

async function checkFiles(
  binary: string,
  test: CheckInput,
  dir: string,
  timeout: number,
  written: string[],
): Promise<CheckResult> {
  const input = await materialize(dir, test.inputFile, test.input, 'input', written);
  const answer = await materialize(dir, test.expectedFile, () => test.expected, 'answer', written);
  // The program's own output file when there is one: the checker reads the bytes it wrote.
  const output = await materialize(dir, test.outputFile, () => test.output, 'output', written);
  const run = await execFile(binary, [input, output, answer], { timeout, maxBuffer: 1 << 20 });
  const message = (run.stderr || run.stdout).trim();
  if (run.kind === 'ok') return { ...accepted, message };
  if (run.kind === 'exit' && run.exitCode === 1) return { verdict: 'WA', message: message || 'wrong answer' };
  if (run.kind === 'exit' && run.exitCode === 2)
    return { verdict: 'WA', message: `presentation error${message ? `: ${message}` : ''}` };
  if (run.kind === 'exit' && run.exitCode === 3)
    return { verdict: 'IE', message: `checker failed${message ? `: ${message}` : ''}` };
  const how =
    run.kind === 'exit'
      ? `exit code ${run.exitCode}`
      : run.kind === 'signal'
        ? `signal ${run.signal}`
        : (run.error?.message ?? run.kind);
  return { verdict: 'IE', message: `checker ended with ${how}${message ? `: ${message}` : ''}` };
}
