/** `compile-check --help`. */
export const USAGE = `Usage: compile-check [options] <file|dir>...
       compile-check -p BUILD_DIR [options] [file|dir]...

Compiles each C and C++ file (directories: every .c, .cpp, .cc, .cxx inside) and prints PASS or
FAIL, the diagnostics of failures, and "N passed, N failed". Exit code 0 when all pass, 1 when
any fails, 2 for usage errors. C files (.c) go to the C compiler, the rest to the C++ compiler.

Options:
  -c, --compile-only    compile each file to an object file, no link (a file without main
                        passes): for the files of a project
  -p, --project DIR     check the files of DIR/compile_commands.json (all of them, or those
                        named), each with its own compiler, flags and directory; compile only
  -o, --output PATH     keep the binary (one file); with -c or -p, a directory for the objects
      --std STD         language standard, e.g. c++17 or c11 (default: the compiler's)
  -O LEVEL              optimisation, e.g. -O2 (default) or -O0
  -I DIR                add an include directory (repeatable)
  -D NAME[=VALUE]       define a macro (repeatable)
      --flags "FLAGS"   more compiler flags, e.g. --flags "-Wall -Wextra"
      --compiler CXX    C++ compiler (default: g++; or clang++)
      --cc CC           C compiler (default: gcc; or clang)
      --werror          treat warnings as errors
      --syntax-only     check syntax and types only: no code generation, no link
      --timeout TIME    compile-time limit per file, e.g. 30s or 500ms (default: 30s)
      --memory-limit SIZE  compiler address-space limit, e.g. 2g or 512m, or 'none' (default: 2g)
  -j, --jobs N          files compiled at once (default: available cores)
      --no-cache        do not use or fill the result cache
      --no-pch          do not use a precompiled <bits/stdc++.h>
      --cache-dir DIR   cache directory (default: $SAFERUN_CACHE_DIR, $XDG_CACHE_HOME/saferun
                        or ~/.cache/saferun)
      --sandbox MODE    compile in bubblewrap, for untrusted sources: none (default),
                        bwrap (required) or auto (bwrap when it works, else none)
      --format FORMAT   text (default), json (one document) or github (workflow annotations);
                        under GitHub Actions the text also carries annotations
      --json            same as --format json
      --junit FILE      also write JUnit XML to FILE
      --sarif FILE      also write SARIF 2.1.0 to FILE (GitHub code scanning)
  -h, --help            show this help
      --version         show the version

With -p, -D, -I, --std, -O and --flags are added after each entry's own flags.
Durations and sizes need a unit (30s, 500ms; 512m, 2g). Colour only on a terminal;
NO_COLOR turns it off.
`;
