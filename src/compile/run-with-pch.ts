import { buildCompileArgs } from './build-command.js';
import type { CompilerInfo } from './compiler-info.js';
import { discardPch, ensurePch, pchExists, type PchEntry } from './pch.js';
import type { PreparedSource } from './prepare-sources.js';
import { runCompiler, type CompilerRun } from './run-compiler.js';
import { makePchReadable, runCompilerInSandbox } from './sandboxed-run.js';
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
  sandboxed = false,
): Promise<CompilerRun & { pchUsed?: boolean }> {
  const runOnce = (pch?: PchEntry): Promise<CompilerRun> =>
    sandboxed
      ? runCompilerInSandbox(sources, info, options, output, pch)
      : runCompiler(info.compiler, buildCompileArgs({ info, options, sources, output, pch: pch?.arg }), options);
  if (!usePch) return runOnce();
  for (let attempt = 0; attempt < 2; attempt++) {
    const pch = await ensurePch(info, options);
    if (!pch) break;
    if (!(await pchExists(info, pch.dir))) {
      await discardPch(pch.dir);
      continue;
    }
    if (sandboxed && !(await makePchReadable(info, pch.dir))) break;
    const run = await runOnce(pch);
    const trouble = run.diagnostics.filter((d) => d.option === '-Winvalid-pch' || PCH_TROUBLE.test(d.message));
    if (trouble.length === 0) return { ...run, pchUsed: true };
    if (run.kind !== 'compile-error' || trouble.some((d) => d.severity === 'warning')) {
      // The compiler skipped the PCH and used the header: the verdict stands; the warning is ours, not the user's.
      return { ...run, diagnostics: run.diagnostics.filter((d) => !trouble.includes(d)), pchUsed: false };
    }
    // A source can word its errors like the PCH's (`#error PCH file`): untrusted code never gets the shared entry discarded.
    if (sandboxed) break;
    await discardPch(pch.dir);
  }
  return { ...(await runOnce()), pchUsed: false };
}
