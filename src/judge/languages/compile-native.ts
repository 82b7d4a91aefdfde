import { join } from 'node:path';
import { compile, resolveCacheDir, type CompileOptions, type CompileResult } from '../../compile/index.js';
import type { SandboxMode } from '../../sandbox/index.js';
import type { StagedFiles } from './stage-files.js';
import { stableSourceDir } from './stable-source-dir.js';
import type { LanguageCompileStep, LanguageProfile } from './types.js';

export interface NativeContext {
  staged: StagedFiles;
  includeDirs: readonly string[];
  sandbox: SandboxMode;
  cacheDir: string | undefined;
  cache: boolean;
  compileOptions: CompileOptions | undefined;
  signal?: AbortSignal;
}

/**
 * C and C++ through compile(): its precompiled header and its result cache. The program dir is an
 * include dir (a header next to the sources is found in the sandbox too); sources are named as the
 * submission named them, so diagnostics say `main.cpp:3:5`.
 */
export async function compileNative(
  profile: LanguageProfile,
  step: LanguageCompileStep,
  context: NativeContext,
): Promise<CompileResult> {
  const { staged, compileOptions = {} } = context;
  // A path of its own for each set of files: the result cache finds a re-judge of them.
  const dir = context.cache ? await stableSourceDir(staged, context.cacheDir ?? resolveCacheDir()) : staged.dir;
  const isC = profile.id === 'c' || step.command === 'gcc' || step.command === 'clang';
  return compile(staged.sources, {
    optimize: '-O2',
    ...compileOptions,
    ...(isC ? { cc: step.command, language: 'c' as const } : { compiler: step.command, language: 'c++' as const }),
    flags: [...(compileOptions.flags ?? []), ...(step.args ?? [])],
    includeDirs: [dir, ...(compileOptions.includeDirs ?? []), ...context.includeDirs],
    cwd: dir,
    output: join(staged.dir, step.outputs?.[0] ?? 'main'),
    sandbox: context.sandbox,
    cache: context.cache && compileOptions.cache !== false,
    ...(context.cacheDir ? { cacheDir: context.cacheDir } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  });
}
