import type { CompilerInfo } from './compiler-info.js';
import { programLanguage, sourceArguments } from './source-language.js';
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
  sources: { arg: string; display: string }[];
  /** Where the binary (or the object file, with `compileOnly`) goes; ignored with `syntaxOnly`. */
  output: string;
  /** GCC: a directory holding `bits/stdc++.h.gch`, searched first. Clang: the `.pch` file to include. */
  pch?: string | undefined;
}

/** The compiler's argv (without the compiler itself). User flags follow the sources, so `-lm` links. */
export function buildCompileArgs({ info, options, sources, output, pch }: CommandParts): string[] {
  const args = [
    ...(options.std ? [`-std=${options.std}`] : []),
    options.optimize,
    ...options.defines.map((d) => `-D${d}`),
  ];
  if (info.json) args.push('-fdiagnostics-format=json');
  else args.push('-fdiagnostics-color=never');
  if (options.warningsAsErrors) args.push('-Werror');
  if (pch && info.family === 'clang') args.push('-include-pch', pch);
  else if (pch) args.push('-Winvalid-pch', ...(options.warningsAsErrors ? ['-Wno-error=invalid-pch'] : []), '-I', pch);
  for (const dir of options.includeDirs) args.push('-I', dir);
  if (options.syntaxOnly) args.push('-fsyntax-only');
  if (options.compileOnly) args.push('-c');
  const language = programLanguage(
    sources.map((s) => s.display),
    options.language,
  );
  args.push(...sourceArguments(sources, language, options.language), ...options.flags);
  if (!options.syntaxOnly) args.push('-o', output);
  return args;
}
