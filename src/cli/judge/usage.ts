import { LIMIT_RULES } from '../../judge/index.js';
import { formatDuration } from '../../shared/index.js';

const rules = LIMIT_RULES;

/** `judge --help`: the defaults come from the judge's one table of limits. */
export const JUDGE_USAGE = `Usage: judge <program.cpp|binary> <tests-dir> [options]

Runs a submission against NAME.in / NAME.out (or NAME.ans) tests under limits. The tests dir
may be an ICPC problem package (problem.yaml, data/, output_validators/): its limits, validator
and scored groups apply, and the limit flags override its limits.

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
  --json                  print the report as JSON
  --help, -h              show this help
  --version               show the version

Durations and sizes need a unit. Exit code: 0 accepted, 1 any other verdict, 2 usage error
or judge error (IE).
`;
