import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compileMany, type CompileOptions, type CompileResult } from '../../compile/index.js';
import { getCompilerInfo, isCompilerInfo } from '../../compile/compiler-info.js';
import {
  makePaint,
  processIo,
  readVersion,
  runTool,
  UsageError,
  type CliIo,
  type Paint,
  type Tool,
} from '../kit/index.js';
import { buildCompileCheckArgs, joinFlagValues, OPTIONS, type CompileCheckArgs } from './args.js';
import { findFiles } from './find-files.js';
import { formatResult, formatSummary } from './format.js';
import { formatJunit } from './junit.js';
import { USAGE } from './usage.js';

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
function makePrinter(files: string[], io: CliIo, paint: Paint, cwd: string, progress: boolean) {
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

/** Compiles the files the arguments name and reports; 0 when all pass, 1 when any fails. */
async function checkFiles(args: CompileCheckArgs, io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const found = await findFiles(args.paths, cwd);
  if (!found.ok) throw new UsageError(found.message, found.hint);
  if (args.output && found.files.length > 1)
    throw new UsageError(`-o keeps the binary of one file, but ${found.files.length} files were found`);
  const options = toCompileOptions(args, cwd, env);
  const info = await getCompilerInfo(options.compiler ?? 'g++');
  if (!isCompilerInfo(info)) throw new UsageError(info.message, 'Install g++ or pass --compiler PATH.');
  const paint = makePaint({ isTTY: Boolean(io.isTTY) && !args.json, env });
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
    if (problem) throw new UsageError(problem, 'Check that the directory of --junit exists and is writable.');
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

export const compileCheckTool: Tool<CompileCheckArgs> = {
  name: 'compile-check',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  prepareArgv: joinFlagValues,
  build: buildCompileCheckArgs,
  run: checkFiles,
};

/**
 * `compile-check [options] <file|dir>...`: 0 when every file compiles, 1 when any fails, 2 for a
 * usage error. Never calls `process.exit`.
 */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runTool(compileCheckTool, argv, io);
}
