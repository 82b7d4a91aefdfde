import { LIMIT_RULES } from '../../judge/index.js';
import { formatDuration } from '../../shared/index.js';

const rules = LIMIT_RULES;

/** `judge --help`: the defaults come from the judge's one table of limits. */
export const JUDGE_USAGE = `Usage: judge <binary|source files...> <tests-dir> [options]
       judge --list-languages

Runs a submission against NAME.in / NAME.out (or NAME.ans) tests under limits. The tests dir
may be an ICPC problem package (problem.yaml, data/, output_validators/): its limits, validator
and scored groups apply, and the limit flags override its limits. Sources in C, C++,
Python 3, Java, JavaScript, Rust or Go are built in the sandbox first (the language from the first
file's extension); every file given is next to the entry point when it runs.

Options:
  --time-limit TIME       CPU time limit, e.g. 1s, 500ms, 1.5s [default: ${formatDuration(rules.timeLimitMs.fallback as number)}]
  --wall-time-limit TIME  wall-clock limit [default: 3 x the time limit]
  --memory-limit SIZE     e.g. 256m, 1g, 65536k [default: ${rules.memoryLimitMb.fallback as number}m]
  --output-limit SIZE     output limit [default: ${rules.outputLimitMb.fallback as number}m]
  --stack-limit SIZE      stack limit [default: the memory limit]
  --process-limit N       processes and threads at once [default: ${rules.processLimit.fallback as number}]
  --checker C             tokens | exact | lines | float:1e-6 | path/to/checker.cpp (testlib protocol)
                          [default: tokens]
  --interactor FILE       an interactive problem: the interactor (a C/C++ source or an executable),
                          run as \`FILE input output\` wired to the submission, testlib's exit codes;
                          a --checker given then judges its output file
  --jobs, -j N            tests run at once [default: 1]
  --all                   run every test, not only up to the first failure
  --sandbox S             auto | bwrap | none, for the compile and the runs [default: auto]
  --accounting A          auto | cgroup | rlimit: limits and measurement by a cgroup per run,
                          or by rlimits [default: auto, a cgroup when it can]
  --std STD               C++ standard for compiling, e.g. c++17
  --language ID           the submission's language: c, cpp, python, java, javascript, rust,
                          go, or one from --languages [default: by the first file's extension]
  --main FILE             the entry point among the files [default: the first file]
  -I, --include-dir DIR   a header dir for C and C++ (repeatable)
  --grader FILE           a file compiled and linked with the submission, e.g. grader.cpp
                          (repeatable)
  --extra-file FILE       a file placed beside the sources, read-only, not compiled: data the
                          submission reads (repeatable)
  --languages FILE        a JSON file of language profiles, added to or replacing built-in ones
  --list-languages        show the languages, whether each is usable here, and its version
  --json                  print the report as JSON
  --help, -h              show this help
  --version               show the version

Durations and sizes need a unit. Exit code: 0 accepted, 1 any other verdict, 2 usage error
or judge error (IE).
`;
