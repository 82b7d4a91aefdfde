import type { CheckResult } from './checkers/types.js';
import { displayBytes } from './display-bytes.js';
import type { RunOutcome } from './executor/index.js';
import { excerptStderr } from './stderr-excerpt.js';
import type { LimitedKind, TestResult, Verdict } from './types.js';

/** The verdict a limited run earns before any checking; `undefined` when it ran cleanly. */
function verdictOfRun(kind: LimitedKind): Verdict | undefined {
  switch (kind) {
    case 'ok':
      return undefined;
    case 'output-limit':
      return 'OLE';
    case 'time-limit':
    case 'wall-time-limit':
      return 'TLE';
    case 'memory-limit':
      return 'MLE';
    case 'signal':
    case 'exit':
      return 'RE';
    case 'internal-error':
      return 'IE';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

const OUTPUT_KEPT = 64 * 1024;

export function makeTestResult(name: string, run: RunOutcome, check?: CheckResult, expected?: Buffer): TestResult {
  const verdict = verdictOfRun(run.kind) ?? check?.verdict ?? 'IE';
  const result: TestResult = {
    name,
    verdict,
    cpuMs: run.cpuMs,
    wallMs: run.wallMs,
    memoryKb: run.memoryKb,
    exitCode: run.exitCode,
    signal: run.signal,
    message: run.kind === 'ok' ? (check?.verdict === 'IE' ? check.message : '') : run.message,
    checkerMessage: check?.message ?? '',
    ...(run.stderr ? { stderr: excerptStderr(run.stderr) } : {}),
    ...(check?.feedback ? { feedback: check.feedback } : {}),
  };
  // For people: the first 64 KiB of each, decoded for display only (invalid UTF-8 as \xHH).
  if (verdict === 'WA') {
    result.output = displayBytes(run.stdoutBuffer.subarray(0, OUTPUT_KEPT));
    result.expected = displayBytes((expected ?? Buffer.alloc(0)).subarray(0, OUTPUT_KEPT));
  }
  return result;
}

export function internalTestError(name: string, message: string): TestResult {
  return {
    name,
    verdict: 'IE',
    cpuMs: 0,
    wallMs: 0,
    memoryKb: 0,
    exitCode: null,
    signal: null,
    message,
    checkerMessage: '',
  };
}
