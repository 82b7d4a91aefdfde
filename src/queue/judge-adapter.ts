// INTERIM: compile() + runLimited() until judge() (issue 5) lands; replaced by a call to judge().
import { runLimited } from '../judge/index.js';
import type { JobJudgeRequest } from './run-job-judge.js';
import type { JudgeReportLike, TestReport, Verdict } from './types.js';

const KIND_VERDICT: Record<string, Verdict> = {
  'output-limit': 'OLE', 'time-limit': 'TLE', 'wall-time-limit': 'TLE', 'memory-limit': 'MLE', signal: 'RE', exit: 'RE', 'internal-error': 'IE',
};

export async function judgeJobRequest(request: JobJudgeRequest): Promise<JudgeReportLike> {
  const compiled = request.compiled;
  if (!compiled.ok) return { verdict: compiled.kind === 'compile-error' ? 'CE' : 'IE', compile: compiled, tests: [], maxCpuMs: 0, maxMemoryKb: 0 };
  const tests: TestReport[] = [];
  for (const test of request.tests as { name: string; input: string; expected: string }[]) {
    if (request.signal.aborted) throw new Error('aborted');
    const run = await runLimited(compiled.binary!, [], { input: test.input, timeLimitMs: request.timeLimitMs, memoryLimitMb: request.memoryLimitMb, signal: request.signal });
    let verdict: Verdict = run.ok ? 'AC' : KIND_VERDICT[run.kind] ?? 'RE';
    if (verdict === 'AC' && run.stdout.trim().split(/\s+/).join(' ') !== test.expected.trim().split(/\s+/).join(' ')) verdict = 'WA';
    const line: TestReport = { name: test.name, verdict, cpuMs: run.cpuMs, wallMs: run.wallMs, memoryKb: run.memoryKb, exitCode: run.exitCode, signal: run.signal, message: run.message };
    tests.push(line);
    request.onTest(line);
    if (verdict !== 'AC' && request.stopOnFirstFailure) break;
  }
  const failed = tests.find((test) => test.verdict !== 'AC');
  return { verdict: failed?.verdict ?? 'AC', compile: compiled, tests, maxCpuMs: Math.max(0, ...tests.map((t) => t.cpuMs ?? 0)), maxMemoryKb: Math.max(0, ...tests.map((t) => t.memoryKb ?? 0)) };
}
