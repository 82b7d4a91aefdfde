import { buildCompileArgs } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { discardPch, ensurePch, pchExists } from './pch.js';
import type { PreparedSource } from './prepare-sources.js';
import { runCompiler, type CompilerRun } from './run-compiler.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

// GCC: `bits/stdc++.h.gch`, "PCH file"; Clang: `.pch`, "precompiled header", "malformed or corrupted AST file".
const PCH_TROUBLE = /\.gch\b|\.pch\b|PCH file|precompiled header|AST file/i;

/**
 * Compiles with the PCH when it helps. A PCH the compiler refuses as unreadable is discarded,
 * rebuilt and tried once more; a PCH it skips (`-Winvalid-pch`) is reported in `pch: false`.
 */
export async function runWithPch(
  sources: PreparedSource[],
  info: CompilerInfo,
  options: NormalizedCompileOptions,
  output: string,
  usePch: boolean,
): Promise<CompilerRun & { pchUsed?: boolean }> {
  const argsFor = (pch?: string): string[] => buildCompileArgs({ info, options, sources, output, pch });
  if (!usePch) return runCompiler(info.compiler, argsFor(), options);
  for (let attempt = 0; attempt < 2; attempt++) {
    const pch = await ensurePch(info, options);
    if (!pch) break;
    if (!(await pchExists(info, pch.dir))) {
      await discardPch(pch.dir);
      continue;
    }
    const run = await runCompiler(info.compiler, argsFor(pch.arg), options);
    const trouble = run.diagnostics.filter((d) => d.option === '-Winvalid-pch' || PCH_TROUBLE.test(d.message));
    if (trouble.length === 0) return { ...run, pchUsed: true };
    if (run.kind !== 'compile-error' || trouble.some((d) => d.severity === 'warning')) {
      // The compiler skipped the PCH and used the header: the verdict stands; the warning is ours, not the user's.
      return { ...run, diagnostics: run.diagnostics.filter((d) => !trouble.includes(d)), pchUsed: false };
    }
    await discardPch(pch.dir);
  }
  return { ...(await runCompiler(info.compiler, argsFor(), options)), pchUsed: false };
}
