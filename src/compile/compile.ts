import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCompileArgs } from './build-command.js';
import { getCompilerInfo, isCompilerInfo, type CompilerInfo } from './compiler-info.js';
import { copyBinary, moveFile } from './move-file.js';
import { prepareSources, type PreparedSource } from './prepare-sources.js';
import { runCompiler, type CompilerRun } from './run-compiler.js';
import type { CompileError, CompileKind, CompileOptions, CompileResult, Diagnostic, SourceInput } from './types.js';
import { InvalidCompileOptionError, normalizeCompileOptions, type NormalizedCompileOptions } from './validate-compile-options.js';

function failed(kind: CompileKind, error: CompileError, started: number, command = ''): CompileResult {
  return {
    ok: false,
    kind,
    diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', message: error.message }],
    stderr: '',
    durationMs: performance.now() - started,
    cached: false,
    command,
    error,
  };
}

// Source text is compiled from a scratch path: show its name instead.
function renameFiles(diagnostics: Diagnostic[], sources: PreparedSource[]): Diagnostic[] {
  const names = new Map(sources.filter((s) => s.arg !== s.display).map((s) => [s.arg, s.display]));
  if (names.size === 0) return diagnostics;
  return diagnostics.map((d) => (names.has(d.file) ? { ...d, file: names.get(d.file)! } : d));
}

/**
 * Compiles one program (one or more sources) and says whether it compiled, with the compiler's
 * diagnostics parsed. Never throws.
 * @example
 * const result = await compile('program.cpp', { output: 'program', std: 'c++17' });
 * if (!result.ok) for (const d of result.diagnostics) console.log(`${d.file}:${d.line}: ${d.message}`);
 */
export async function compile(sources: SourceInput | SourceInput[], rawOptions?: CompileOptions): Promise<CompileResult> {
  const started = performance.now();
  let options: NormalizedCompileOptions;
  try {
    options = normalizeCompileOptions(rawOptions);
  } catch (error) {
    if (!(error instanceof InvalidCompileOptionError)) throw error;
    return failed('invalid-input', { code: 'ERR_INVALID_OPTION', message: error.message }, started);
  }
  let scratch: string | undefined;
  const scratchDir = async (): Promise<string> => (scratch ??= await mkdtemp(join(tmpdir(), 'saferun-compile-')));
  try {
    const prepared = await prepareSources(sources, options.cwd, scratchDir);
    if (!Array.isArray(prepared)) return failed('invalid-input', prepared, started);
    const info = await getCompilerInfo(options.compiler);
    if (!isCompilerInfo(info)) return failed('compiler-missing', info, started, options.compiler);
    return await compilePrepared(prepared, info, options, scratchDir, started);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed('invalid-input', { code: (error as NodeJS.ErrnoException).code ?? 'ERR_INTERNAL', message }, started);
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

async function compilePrepared(
  sources: PreparedSource[],
  info: CompilerInfo,
  options: NormalizedCompileOptions,
  scratchDir: () => Promise<string>,
  started: number,
): Promise<CompileResult> {
  // A failed compile must never leave an older binary where the caller looks for one.
  if (options.output) await rm(options.output, { force: true });
  const built = join(await scratchDir(), 'a.out');
  const args = buildCompileArgs({ info, options, sources: sources.map((s) => s.arg), output: built });
  const run: CompilerRun = await runCompiler(info.compiler, args, options);
  const result: CompileResult = {
    ok: run.kind === 'ok',
    kind: run.kind,
    diagnostics: renameFiles(run.diagnostics, sources),
    stderr: run.stderr,
    durationMs: 0,
    cached: false,
    command: run.command,
  };
  if (result.ok && options.output && !options.syntaxOnly) {
    await moveFile(built, options.output);
    result.binary = options.output;
  }
  result.durationMs = performance.now() - started;
  return result;
}

export { copyBinary };
