import type { JudgeReport, Verdict } from './types.js';

/**
 * A report of a judge that ran no test: the verdict (CE, or IE for a judge-side failure) and why,
 * every count at zero. `fields` fills in what is known (the sandbox, the compile result).
 */
export function emptyReport(verdict: Verdict, message: string, fields: Partial<JudgeReport> = {}): JudgeReport {
  return {
    verdict,
    tests: [],
    maxCpuMs: 0,
    maxMemoryKb: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    message,
    sandbox: 'none',
    accounting: 'rlimit',
    durationMs: 0,
    ...fields,
  };
}
