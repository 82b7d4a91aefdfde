import type { CompilerInfo } from './compiler-info.js';
import type { NormalizedCompileOptions } from './validate-compile-options.js';

/** Flags that change the generated code or the macros: the PCH and the result cache key on them. */
export function codegenFlags(options: NormalizedCompileOptions): string[] {
  return [
    ...(options.std ? [`-std=${options.std}`] : []),
    options.optimize,
    ...options.defines.map((define) => `-D${define}`),
    ...options.flags,
  ];
}

export interface CommandParts {
  info: CompilerInfo;
  options: NormalizedCompileOptions;
  sources: string[];
  /** Where the binary goes (ignored with `syntaxOnly`). */
  output: string;
  /** A directory holding `bits/stdc++.h.gch`, searched first. */
  pchDir?: string | undefined;
}

/** The compiler's argv (without the compiler itself). User flags follow the sources, so `-lm` links. */
export function buildCompileArgs({ info, options, sources, output, pchDir }: CommandParts): string[] {
  const args = [
    ...(options.std ? [`-std=${options.std}`] : []),
    options.optimize,
    ...options.defines.map((d) => `-D${d}`),
  ];
  if (info.json) args.push('-fdiagnostics-format=json');
  else args.push('-fdiagnostics-color=never');
  if (options.warningsAsErrors) args.push('-Werror');
  if (pchDir) args.push('-Winvalid-pch', ...(options.warningsAsErrors ? ['-Wno-error=invalid-pch'] : []), '-I', pchDir);
  for (const dir of options.includeDirs) args.push('-I', dir);
  if (options.syntaxOnly) args.push('-fsyntax-only');
  args.push(...sources, ...options.flags);
  if (!options.syntaxOnly) args.push('-o', output);
  return args;
}
