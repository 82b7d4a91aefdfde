import { readVersion } from './read-version.js';
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileMany, type CompileOptions, type CompileResult } from '../compile/index.js';
import { getCompilerInfo, isCompilerInfo } from '../compile/compiler-info.js';
import { HINT, parseCompileCheckArgs, type CompileCheckArgs } from './compile-check-args.js';
import { findFiles } from './compile-check-files.js';
import { formatResult, formatSummary, makePaint, type Paint } from './compile-check-format.js';
import { formatJunit } from './compile-check-junit.js';
import { USAGE } from './compile-check-usage.js';

/** Where the CLI writes, so tests run `main` in-process. */
export interface CompileCheckIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour and a progress line only on a terminal. */
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const processIo: CompileCheckIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  // @types/node says boolean, but it is undefined off a terminal; every reader wraps it in Boolean().
  isTTY: process.stdout.isTTY,
  env: process.env,
};

function usageError(io: CompileCheckIo, message: string, hint: string): number {
  io.stderr(`compile-check: ${message}\n${hint}\n`);
  return 2;
}

/** Writes the report through a scratch file renamed into place; says why it could not. */
async function writeJunit(target: string, xml: string): Promise<string | undefined> {
  const scratch = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(scratch, xml);
    await rename(scratch, target);
    return undefined;
  } catch (error) {
    await rm(scratch, { force: true }).catch(() => undefined);
    return `cannot write the JUnit report ${target}: ${(error as Error).message}`;
  }
}

function toCompileOptions(args: CompileCheckArgs, cwd: string, env: NodeJS.ProcessEnv): CompileOptions {
  const options: CompileOptions = {
    cwd,
    flags: args.flags,
    includeDirs: args.includeDirs,
    defines: args.defines,
    warningsAsErrors: args.werror,
    syntaxOnly: args.syntaxOnly,
    cache: args.cache,
    pch: args.pch,
  };
  if (args.compiler) options.compiler = args.compiler;
  if (args.std) options.std = args.std;
  if (args.optimize) options.optimize = args.optimize;
  if (args.output) options.output = args.output;
  if (args.timeoutMs !== undefined) options.timeout = args.timeoutMs;
  if (args.memoryLimitMb !== undefined) options.memoryLimitMb = args.memoryLimitMb;
  const cacheDir = args.cacheDir ?? env.SAFERUN_CACHE_DIR;
  if (cacheDir) options.cacheDir = resolve(cwd, cacheDir);
  return options;
}

/** Prints results in the order of the files, each as soon as it and all before it are done. */
function makePrinter(files: string[], io: CompileCheckIo, paint: Paint, cwd: string, progress: boolean) {
  const done = new Array<CompileResult | undefined>(files.length);
  let printed = 0;
  let finished = 0;
  const clear = progress ? '\r\x1b[2K' : '';
  return (result: CompileResult, index: number): void => {
    done[index] = result;
    finished++;
    let text = '';
    while (printed < files.length && done[printed]) {
      text += formatResult(files[printed]!, done[printed]!, paint, cwd);
      printed++;
    }
    const status =
      progress && finished < files.length ? paint('dim', `[${finished}/${files.length}] compiling...`) : '';
    if (text || progress) io.stdout(`${clear}${text}${status}`);
  };
}

/**
 * `compile-check [options] <file|dir>...`: 0 when every file compiles, 1 when any fails, 2 for a
 * usage error. Never calls `process.exit`.
 */
export async function main(argv: string[], io: CompileCheckIo = processIo): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const parsed = parseCompileCheckArgs(argv);
  if (!parsed.ok) return usageError(io, parsed.message, parsed.hint);
  const { args } = parsed;
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.version) {
    io.stdout(`compile-check ${readVersion()}\n`);
    return 0;
  }
  const found = await findFiles(args.paths, cwd);
  if (!found.ok) return usageError(io, found.message, found.hint);
  if (args.output && found.files.length > 1)
    return usageError(io, `-o keeps the binary of one file, but ${found.files.length} files were found`, HINT);
  const options = toCompileOptions(args, cwd, env);
  const info = await getCompilerInfo(options.compiler ?? 'g++');
  if (!isCompilerInfo(info)) return usageError(io, info.message, 'Install g++ or pass --compiler PATH.');
  const paint = makePaint(Boolean(io.isTTY) && !args.json, env);
  const progress = Boolean(io.isTTY) && !args.json && found.files.length > 1;
  const started = performance.now();
  if (progress) io.stdout(paint('dim', `[0/${found.files.length}] compiling...`));
  const onResult = args.json ? undefined : makePrinter(found.files, io, paint, cwd, progress);
  const manyOptions = { ...options, ...(args.jobs ? { jobs: args.jobs } : {}), ...(onResult ? { onResult } : {}) };
  const results = await compileMany(found.files, manyOptions);
  const totalMs = performance.now() - started;
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const entries = found.files.map((path, i) => ({ path, result: results[i]! }));
  if (args.junit) {
    const problem = await writeJunit(resolve(cwd, args.junit), formatJunit(entries, cwd, totalMs));
    if (problem) return usageError(io, problem, 'Check that the directory of --junit exists and is writable.');
  }
  if (args.json) {
    const document = {
      tool: 'compile-check',
      version: readVersion(),
      compiler: info.version,
      passed,
      failed,
      durationMs: totalMs,
      results: entries.map(({ path, result }) => ({ path, ...result })),
    };
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    io.stdout(formatSummary(passed, failed, paint));
  }
  return failed > 0 ? 1 : 0;
}
