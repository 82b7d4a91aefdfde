import { getCompilerInfo, isCompilerInfo } from './compiler-info.js';
import { ensurePch, pchDirFor } from './pch.js';
import type { CompileError, CompileOptions } from './types.js';
import { SaferunError } from '../shared/index.js';
import { normalizeCompileOptions } from './validate-compile-options.js';

export interface BuildPchResult {
  ok: boolean;
  /** The directory holding `bits/stdc++.h.gch` (GCC) or `stdc++.h.pch` (Clang) for these options. */
  dir?: string;
  durationMs: number;
  error?: CompileError;
}

/**
 * Builds (or checks) the precompiled `bits/stdc++.h` for these options ahead of time, e.g. in a
 * CI set-up step or a benchmark; `compile()` would otherwise build it on first use. Never throws.
 */
export async function buildPch(rawOptions?: CompileOptions): Promise<BuildPchResult> {
  const started = performance.now();
  try {
    const options = normalizeCompileOptions(rawOptions);
    const info = await getCompilerInfo(options.compiler);
    if (!isCompilerInfo(info)) return { ok: false, durationMs: performance.now() - started, error: info };
    if (info.family === 'other') {
      return {
        ok: false,
        durationMs: performance.now() - started,
        error: { code: 'ENOTSUP', message: `PCH is only built for GCC and Clang, not \`${info.version}\`` },
      };
    }
    const entry = await ensurePch(info, options);
    const durationMs = performance.now() - started;
    if (!entry)
      return {
        ok: false,
        durationMs,
        dir: pchDirFor(info, options),
        error: { code: 'EPCH', message: 'The compiler could not build the PCH' },
      };
    return { ok: true, dir: entry.dir, durationMs };
  } catch (error) {
    const code =
      error instanceof SaferunError ? 'ERR_INVALID_OPTION' : ((error as NodeJS.ErrnoException).code ?? 'ERR_INTERNAL');
    return { ok: false, durationMs: performance.now() - started, error: { code, message: (error as Error).message } };
  }
}
