/** `compile-check --help`. */
export const USAGE = `Usage: compile-check [options] <file|dir>...

Compiles each C++ file (directories: every .cpp, .cc, .cxx inside) and prints PASS or FAIL,
the diagnostics of failures, and "N passed, N failed". Exit code 0 when all pass, 1 when any
fails, 2 for usage errors.

Options:
  -o, --output FILE     keep the binary (one file only)
      --std STD         language standard, e.g. c++17 (default: the compiler's)
  -O LEVEL              optimisation, e.g. -O2 (default) or -O0
  -I DIR                add an include directory (repeatable)
  -D NAME[=VALUE]       define a macro (repeatable)
      --flags "FLAGS"   more compiler flags, e.g. --flags "-Wall -Wextra"
      --compiler CXX    compiler to run (default: g++; clang++ works too)
      --werror          treat warnings as errors
      --syntax-only     check syntax and types only: no code generation, no link
      --timeout TIME    compile-time limit per file, e.g. 30s or 500ms (default: 30s)
      --memory-limit SIZE  compiler address-space limit, e.g. 2g or 512m, or 'none' (default: 2g)
  -j, --jobs N          files compiled at once (default: available cores)
      --no-cache        do not use or fill the result cache
      --no-pch          do not use a precompiled <bits/stdc++.h>
      --cache-dir DIR   cache directory (default: $SAFERUN_CACHE_DIR, $XDG_CACHE_HOME/saferun
                        or ~/.cache/saferun)
      --json            print one JSON document with every result
      --junit FILE      also write JUnit XML to FILE
  -h, --help            show this help
      --version         show the version

Durations and sizes need a unit (30s, 500ms; 512m, 2g). Colour only on a terminal;
NO_COLOR turns it off.
`;
