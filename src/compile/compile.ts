import { SaferunError } from '../shared/index.js';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCompilerInfo, isCompilerInfo, type CompilerInfo } from './compiler-info.js';
import { copyBinary } from './move-file.js';
import { makeFailedResult } from './make-failed-result.js';
import { wantsPch } from './pch.js';
import { computeCacheKey, entryDir, readCacheEntry, writeCacheEntry, type CachedVerdict } from './result-cache.js';
import { prepareSources, type PreparedSource } from './prepare-sources.js';
import { runWithPch } from './run-with-pch.js';
import { renameFiles } from './rename-files.js';
import { toCharacterColumns } from './source-columns.js';
import { programLanguage, standardFor } from './source-language.js';
import type { CompileOptions, CompileResult, SourceInput } from './types.js';
import { resolveSandbox } from '../sandbox/index.js';
import { normalizeCompileOptions, type NormalizedCompileOptions } from './validate-compile-options.js';

/**
 * Compiles one program (one or more sources) and says whether it compiled, with the compiler's
 * diagnostics parsed. Never throws.
 * @example
 * const result = await compile('program.cpp', { output: 'program', std: 'c++17' });
 * if (!result.ok) for (const d of result.diagnostics) console.log(`${d.file}:${d.line}: ${d.message}`);
 */
export async function compile(
  sources: SourceInput | SourceInput[],
  rawOptions?: CompileOptions,
): Promise<CompileResult> {
  const started = performance.now();
  let options: NormalizedCompileOptions;
  try {
    options = normalizeCompileOptions(rawOptions);
  } catch (error) {
    const code = error instanceof SaferunError ? 'ERR_INVALID_OPTION' : 'ERR_INTERNAL';
    return makeFailedResult(
      'invalid-input',
      { code, message: error instanceof Error ? error.message : String(error) },
      started,
    );
  }
  let scratch: string | undefined;
  const scratchDir = async (): Promise<string> => (scratch ??= await mkdtemp(join(tmpdir(), 'saferun-compile-')));
  try {
    const prepared = await prepareSources(sources, options.cwd, scratchDir);
    if (!Array.isArray(prepared)) return makeFailedResult('invalid-input', prepared, started);
    if (options.compileOnly && prepared.length > 1) {
      const message = `Expected one source with \`compileOnly\`, got ${prepared.length}: compile each on its own`;
      return makeFailedResult('invalid-input', { code: 'ERR_INVALID_OPTION', message }, started);
    }
    // C sources go to the C compiler, with a C standard only; the rest to the C++ compiler.
    const language = programLanguage(
      prepared.map((source) => source.display),
      options.language,
    );
    const compiler = language === 'c' ? options.cc : options.compiler;
    const program = { ...options, compiler, std: standardFor(options.std, language) };
    const info = await getCompilerInfo(compiler);
    if (!isCompilerInfo(info)) return makeFailedResult('compiler-missing', info, started, compiler);
    const sandbox = options.sandbox === 'none' ? 'none' : (await resolveSandbox(options.sandbox)).kind;
    return await compilePrepared(prepared, info, { ...program, sandbox }, scratchDir, started);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return makeFailedResult(
      'invalid-input',
      { code: (error as NodeJS.ErrnoException).code ?? 'ERR_INTERNAL', message },
      started,
    );
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

async function compilePrepared(
  sources: PreparedSource[],
  info: CompilerInfo,
  options: NormalizedCompileOptions & { sandbox: 'bwrap' | 'none' },
  scratchDir: () => Promise<string>,
  started: number,
): Promise<CompileResult> {
  if (
    options.output &&
    (await stat(options.output).then(
      (info) => info.isDirectory(),
      () => false,
    ))
  ) {
    return makeFailedResult(
      'invalid-input',
      { code: 'EISDIR', message: `Expected \`output\` to be a file path, got the directory \`${options.output}\`` },
      started,
    );
  }
  // A failed compile must never leave an older binary where the caller looks for one.
  if (options.output) await rm(options.output, { force: true });
  const sandboxed = options.sandbox === 'bwrap';
  const key = options.cache ? await computeCacheKey(sources, info, options, sandboxed) : undefined;
  const entry = key ? entryDir(options.cacheDir, key) : undefined;
  if (entry) {
    const hit = await readCacheEntry(entry, !options.syntaxOnly && options.output !== undefined);
    if (hit)
      return await makeCompileResult(hit.verdict, sources, options, { cached: true, binary: hit.binary, started });
  }
  const usePch =
    options.pch &&
    info.family !== 'other' &&
    programLanguage(
      sources.map((source) => source.display),
      options.language,
    ) === 'c++' &&
    sources.some((source) => wantsPch(source.text, info.family));
  const built = join(await scratchDir(), options.compileOnly ? 'a.o' : 'a.out');
  const run = await runWithPch(sources, info, options, built, usePch, sandboxed);
  const linked = run.kind === 'ok' && !options.syntaxOnly;
  const verdict: CachedVerdict = {
    kind: run.kind,
    diagnostics: toCharacterColumns(renameFiles(run.diagnostics, sources), sources),
    stderr: run.stderr,
    command: run.command,
  };
  const result = await makeCompileResult(verdict, sources, options, {
    cached: false,
    binary: linked ? built : undefined,
    pch: run.pchUsed,
    started,
  });
  if (entry && run.cacheable) await writeCacheEntry(entry, verdict, linked ? built : undefined);
  return result;
}

/** The result of a verdict, fresh or from the cache; a built binary is copied to `output`. */
async function makeCompileResult(
  verdict: CachedVerdict,
  sources: PreparedSource[],
  options: NormalizedCompileOptions & { sandbox: 'bwrap' | 'none' },
  how: { cached: boolean; binary: string | undefined; pch?: boolean; started: number },
): Promise<CompileResult> {
  const result: CompileResult = {
    ok: verdict.kind === 'ok',
    kind: verdict.kind,
    diagnostics: renameFiles(verdict.diagnostics, sources),
    stderr: verdict.stderr,
    durationMs: 0,
    cached: how.cached,
    command: verdict.command,
    sandbox: options.sandbox,
  };
  if (how.pch !== undefined) result.pch = how.pch;
  if (how.binary && options.output) {
    await copyBinary(how.binary, options.output);
    result.binary = options.output;
  }
  result.durationMs = performance.now() - how.started;
  return result;
}
