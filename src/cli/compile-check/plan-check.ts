import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import {
  checkCacheDir,
  compile,
  compileProject,
  readCompileCommands,
  type CompileOptions,
  type CompileResult,
  type PchBuildEvent,
} from '../../compile/index.js';
import { showPath } from '../../compile/compile-project.js';
import { getCompilerInfo, isCompilerInfo } from '../../compile/compiler-info.js';
import { optionsFromCommand } from '../../compile/options-from-command.js';
import { isCSource } from '../../compile/source-language.js';
import { mapBounded } from '../../shared/index.js';
import { UsageError } from '../kit/index.js';
import type { CompileCheckArgs } from './args.js';
import { findFiles } from './find-files.js';
import { makeObjectPaths } from './object-paths.js';
import { selectCommands } from './select-commands.js';

interface RunHooks {
  onResult: (result: CompileResult, index: number) => void;
  onPchBuild: (event: PchBuildEvent) => void;
}

/** What will be checked, found and validated before anything is compiled. */
export interface CheckPlan {
  /** Each file as reports name it. */
  paths: string[];
  /** The first line of `--version` of each compiler used, in order of first use. */
  compilers: string[];
  /** With -p: the database read, and each entry's directory. */
  project?: { database: string; directories: string[] };
  run: (hooks: RunHooks) => Promise<CompileResult[]>;
}

/** The options every file shares: limits, caches, -Werror, --syntax-only, the sandbox. */
function sharedOptions(args: CompileCheckArgs, cwd: string, env: NodeJS.ProcessEnv): CompileOptions {
  const options: CompileOptions = {
    warningsAsErrors: args.werror,
    syntaxOnly: args.syntaxOnly,
    cache: args.cache,
    pch: args.pch,
  };
  if (args.timeoutMs !== undefined) options.timeout = args.timeoutMs;
  if (args.memoryLimitMb !== undefined) options.memoryLimitMb = args.memoryLimitMb;
  if (args.sandbox !== 'none') options.sandbox = args.sandbox;
  const cacheDir = args.cacheDir ?? env.SAFERUN_CACHE_DIR;
  if (cacheDir) options.cacheDir = resolve(cwd, cacheDir);
  return options;
}

async function versionOf(compiler: string, hint: string): Promise<string> {
  const info = await getCompilerInfo(compiler);
  if (!isCompilerInfo(info)) throw new UsageError(info.message, hint);
  return info.version;
}

/** Files and directories checked with the flags of the command line. */
async function planFiles(args: CompileCheckArgs, cwd: string, env: NodeJS.ProcessEnv): Promise<CheckPlan> {
  const found = await findFiles(args.paths, cwd);
  if (!found.ok) throw new UsageError(found.message, found.hint);
  const files = found.files;
  if (args.output && !args.compileOnly && files.length > 1)
    throw new UsageError(`-o keeps the binary of one file, but ${files.length} files were found`);
  const objects = args.compileOnly && args.output ? await makeObjectPaths(args.output, files, cwd) : undefined;
  const options: CompileOptions = {
    ...sharedOptions(args, cwd, env),
    cwd,
    flags: args.flags,
    includeDirs: args.includeDirs,
    defines: args.defines,
    compileOnly: args.compileOnly,
  };
  if (args.compiler) options.compiler = args.compiler;
  if (args.cc) options.cc = args.cc;
  if (args.std) options.std = args.std;
  if (args.optimize) options.optimize = args.optimize;
  if (args.output && !args.compileOnly) options.output = args.output;
  const compilers: string[] = [];
  const needed = [...new Set(files.map((file) => (isCSource(file) ? 'c' : 'c++')))];
  for (const language of needed) {
    compilers.push(
      language === 'c'
        ? await versionOf(args.cc ?? 'gcc', 'Install gcc or pass --cc PATH.')
        : await versionOf(args.compiler ?? 'g++', 'Install g++ or pass --compiler PATH.'),
    );
  }
  return {
    paths: files,
    compilers: [...new Set(compilers)],
    run: async ({ onResult, onPchBuild }) => {
      const jobs = Math.min(args.jobs ?? availableParallelism(), files.length);
      const results = await mapBounded(files, jobs, async (file, index) => {
        const output = objects?.[index];
        const result = await compile(file, { ...options, onPchBuild, ...(output ? { output } : {}) });
        onResult(result, index);
        return result;
      });
      return results as CompileResult[];
    },
  };
}

/** The extra flags of the command line, after each entry's own. */
function extraFlags(args: CompileCheckArgs, cwd: string): string[] {
  return [
    ...(args.std ? [`-std=${args.std}`] : []),
    ...(args.optimize ? [args.optimize] : []),
    ...args.defines.map((define) => `-D${define}`),
    ...args.includeDirs.flatMap((dir) => ['-I', resolve(cwd, dir)]),
    ...args.flags,
  ];
}

/** `-p DIR`: the entries of DIR/compile_commands.json, each with its own compiler, flags and directory. */
async function planProject(
  args: CompileCheckArgs,
  project: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CheckPlan> {
  const db = await readCompileCommands(project, cwd);
  if (!db.ok) {
    throw new UsageError(
      db.error.message,
      db.error.code === 'ERR_INVALID_COMPILE_COMMANDS'
        ? 'Regenerate it with the build system (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON), or fix the entry named.'
        : 'Give the build directory that holds compile_commands.json (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON).',
    );
  }
  const database = relative(cwd, db.file) || db.file;
  const commands = await selectCommands(db.commands, args.paths, cwd, database);
  const paths = commands.map((command) => showPath(command.path, cwd, cwd));
  const objects = args.output ? await makeObjectPaths(args.output, paths, cwd) : undefined;
  const overrides = { 'c++': args.compiler, c: args.cc };
  const compilers: string[] = [];
  for (const [index, command] of commands.entries()) {
    const { compiler } = optionsFromCommand(command, overrides).options;
    const hint = `${database} names it for ${paths[index]!}: install it, or pass --compiler (C++) or --cc (C).`;
    compilers.push(await versionOf(compiler, hint));
  }
  return {
    paths,
    compilers: [...new Set(compilers)],
    project: { database, directories: commands.map((command) => command.directory) },
    run: ({ onResult, onPchBuild }) =>
      compileProject(commands, {
        ...sharedOptions(args, cwd, env),
        cwd,
        flags: extraFlags(args, cwd),
        onResult,
        onPchBuild,
        ...(args.compiler ? { compiler: args.compiler } : {}),
        ...(args.cc ? { cc: args.cc } : {}),
        ...(args.jobs ? { jobs: args.jobs } : {}),
        ...(objects ? { outputFor: (_command, index) => objects[index] } : {}),
      }),
  };
}

/** A cache dir named by --cache-dir (or SAFERUN_CACHE_DIR) must be usable: said before any compile. */
async function checkNamedCacheDir(args: CompileCheckArgs, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { cacheDir } = sharedOptions(args, cwd, env);
  const unusable = cacheDir && (args.cache || args.pch) ? await checkCacheDir(cacheDir) : undefined;
  if (unusable) throw new UsageError(unusable.message, 'Pass --cache-dir a writable dir, or --no-cache --no-pch.');
}

/** Finds and validates everything a check needs; every problem is a UsageError, before any compile. */
export async function planCheck(args: CompileCheckArgs, cwd: string, env: NodeJS.ProcessEnv): Promise<CheckPlan> {
  await checkNamedCacheDir(args, cwd, env);
  return args.project === undefined ? planFiles(args, cwd, env) : planProject(args, args.project, cwd, env);
}
