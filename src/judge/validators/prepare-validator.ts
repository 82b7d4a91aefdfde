import { chmod, cp, lstat, open, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { compile, type CompileOptions } from '../../compile/index.js';
import { execFile } from '../../process/index.js';
import { prepareProgram } from '../languages/index.js';
import { firstCompileError } from '../languages/outcome-of-compile.js';
import type { ValidatorProgram } from '../problem/types.js';

/**
 * A validator ready to run (`path` with `args` before the protocol's own: an interpreter and its
 * script, `java ... Main`), or why it is not: the problem's fault, an IE.
 */
export type PreparedValidator = { kind: 'ready'; path: string; args: string[] } | { kind: 'failed'; message: string };

export interface PrepareValidatorOptions {
  /** The judge's private dir: the validator is copied and built there. */
  workDir: string;
  /** For C and C++ validators (trusted: compiled on the host, like a testlib checker). */
  compileOptions: CompileOptions;
  /** How long a `build` script may take. */
  buildTimeoutMs: number;
  /** What the program is called in messages. @default 'output validator' */
  role?: 'output validator' | 'interactor';
  /** The validator's memory limit, for a language profile's heap (Java's `-Xmx`). */
  memoryLimitMb?: number;
  signal?: AbortSignal;
}

function roleOf(options: PrepareValidatorOptions): string {
  return options.role ?? 'output validator';
}

const SOURCES = new Set(['.c', '.cpp', '.cc', '.cxx', '.c++']);

/** Readable (and, where executable, runnable) by anyone: the validator runs under a uid of its own. */
async function openUp(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    await chmod(path, 0o755);
    for (const entry of await readdir(path)) await openUp(join(path, entry));
    return;
  }
  await chmod(path, info.mode & 0o111 ? 0o755 : 0o644);
}

async function startsWithShebang(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head.toString('latin1') === '#!';
  } finally {
    await handle.close();
  }
}

async function compileValidator(dir: string, files: string[], options: PrepareValidatorOptions) {
  const sources = files.filter((file) => SOURCES.has(extname(file).toLowerCase())).map((file) => join(dir, file));
  const result = await compile(sources, {
    ...options.compileOptions,
    output: join(options.workDir, 'validator-program'),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.ok && result.binary) return { kind: 'ready', path: result.binary, args: [] as string[] } as const;
  return {
    kind: 'failed',
    message: `the ${roleOf(options)} did not compile: ${firstCompileError(result, true)}`,
  } as const;
}

/** DOMjudge's convention: `build` (when there is one) makes `run`, which is called as the validator. */
async function buildAndRun(dir: string, files: string[], options: PrepareValidatorOptions): Promise<PreparedValidator> {
  if (files.includes('build')) {
    await chmod(join(dir, 'build'), 0o755);
    const built = await execFile(join(dir, 'build'), [], {
      cwd: dir,
      timeout: options.buildTimeoutMs,
      maxBuffer: 1 << 20,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!built.ok) {
      const said = (built.stderr || built.stdout).trim().slice(0, 2000);
      return {
        kind: 'failed',
        message: `the ${roleOf(options)}'s build script failed (${built.kind})${said ? `: ${said}` : ''}`,
      };
    }
    await openUp(dir);
  }
  const run = join(dir, 'run');
  const found = await lstat(run).catch(() => undefined);
  if (!found?.isFile())
    return { kind: 'failed', message: `the ${roleOf(options)}'s build script made no \`run\` program` };
  await chmod(run, 0o755);
  return { kind: 'ready', path: run, args: [] };
}

/**
 * A script in any language runs by its `#!` line (one file with one); otherwise the language's
 * profile builds and runs it, as it would a submission (docs/judge.md, Languages).
 */
async function scriptValidator(
  dir: string,
  program: ValidatorProgram,
  options: PrepareValidatorOptions,
): Promise<PreparedValidator> {
  const scripts: string[] = [];
  for (const file of program.files) if (await startsWithShebang(join(dir, file))) scripts.push(file);
  if (scripts.length === 1) {
    await chmod(join(dir, scripts[0]!), 0o755);
    return { kind: 'ready', path: join(dir, scripts[0]!), args: [] };
  }
  const prepared = await prepareProgram(
    { files: program.files.map((file) => join(dir, file)), language: program.language },
    options.workDir,
    {
      sandbox: 'auto',
      compileOptions: options.compileOptions,
      ...(options.memoryLimitMb === undefined ? {} : { memoryLimitMb: options.memoryLimitMb }),
      ...(options.compileOptions.cacheDir === undefined ? {} : { cacheDir: options.compileOptions.cacheDir }),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  if (prepared.kind !== 'ready')
    return { kind: 'failed', message: `the ${program.language} ${roleOf(options)} did not build: ${prepared.message}` };
  // It runs under a uid of its own: what the build made must be readable by it.
  await openUp(prepared.dir);
  return { kind: 'ready', path: prepared.command, args: prepared.args };
}

/**
 * Makes a package's output validator runnable, once per judge: a copy of its dir in the judge's
 * private dir (readable by the uid it runs under), then C/C++ compiled with compile(), a `build`
 * script run, a script with a `#!` line taken as it is, or another language built and run by its
 * profile (Python, Java, JavaScript, Rust, Go).
 */
export async function prepareValidator(
  program: ValidatorProgram,
  options: PrepareValidatorOptions,
): Promise<PreparedValidator> {
  const dir = join(options.workDir, 'validator');
  // A copy: a build writes next to its sources, and the package may sit where the validator's uid cannot read.
  await cp(program.dir, dir, { recursive: true, dereference: true });
  await openUp(dir);
  if (program.language === 'c' || program.language === 'cpp') return compileValidator(dir, program.files, options);
  if (program.language === 'build-run') return buildAndRun(dir, program.files, options);
  return scriptValidator(dir, program, options);
}
