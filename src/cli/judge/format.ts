import type { JudgeReport, TestResult, Verdict } from '../../judge/index.js';
import { escapeForTerminal, type Paint } from '../kit/index.js';
import { formatFeedback, formatScore } from './format-score.js';

/** A verdict in its colour: green for AC, yellow for the judge's own IE, red for the rest. */
function paintVerdict(paint: Paint, verdict: Verdict): string {
  return paint(verdict === 'AC' ? 'green' : verdict === 'IE' ? 'yellow' : 'red', verdict);
}

function formatMb(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** `#3 AC 12 ms 3.4 MB`, and for a failure why, after two spaces. */
export function formatTestLine(test: TestResult, paint: Paint): string {
  // A validator's judgemessage.txt may run over lines: its first here, all of it under the failure.
  const why = test.message || (test.feedback ? test.checkerMessage.split('\n')[0]! : test.checkerMessage);
  return `#${test.name} ${paintVerdict(paint, test.verdict)} ${test.cpuMs} ms ${formatMb(test.memoryKb)}${test.verdict !== 'AC' && why ? `  ${why}` : ''}\n`;
}

interface Token {
  text: string;
  start: number;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((match) => ({ text: match[0], start: match.index }));
}

/** The line around a token (or the end of the text), with a marker under the token. */
function markToken(label: string, text: string, token: Token | undefined): string {
  const at = token?.start ?? text.trimEnd().length;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  const lineNumber = text.slice(0, lineStart).split('\n').length;
  let line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  let column = at - lineStart;
  // Long lines: show a window around the token.
  if (line.length > 100 && column > 40) {
    line = `...${line.slice(column - 30)}`;
    column = 33;
  }
  if (line.length > 100) line = `${line.slice(0, 97)}...`;
  const head = `  ${label} line ${lineNumber}: `;
  const marker = token ? '^'.repeat(Math.min(token.text.length, 60)) : '^ (end of output)';
  return `${head}${line}\n${' '.repeat(head.length + column)}${marker}\n`;
}

/** Expected vs got around the first differing token. */
export function formatDiff(expected: string, got: string): string {
  const want = tokensOf(expected);
  const have = tokensOf(got);
  let i = 0;
  while (i < want.length && i < have.length && want[i]!.text === have[i]!.text) i++;
  if (i === want.length && i === have.length)
    return '  (the tokens match; the difference is in white space or beyond what was kept)\n';
  return `first difference at token ${i + 1}:\n${markToken('expected', expected, want[i])}${markToken('got     ', got, have[i])}`;
}

/** stderr indented under its heading, so that it cannot pass for the judge's own lines. */
function formatStderr(test: TestResult): string {
  // A hostile program's escape sequences must not reach the terminal.
  const text = escapeForTerminal(test.stderr ?? '');
  const lines = text.trimEnd().split('\n');
  return `\n--- test ${test.name}: stderr (first KiB)\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

/** What explains the first failure: the diff of a WA, the stderr of an RE. */
export function formatFailure(test: TestResult): string {
  const feedback = formatFeedback(test);
  if (test.verdict === 'RE' && test.stderr) return `${feedback}${formatStderr(test)}`;
  if (test.verdict !== 'WA' || test.output === undefined || test.expected === undefined) return feedback;
  return `${feedback}\n--- test ${test.name}: expected vs got\n${formatDiff(test.expected, test.output)}\n`;
}

/** `verdict: WA on test 3 (2 passed, 1 failed)`. */
export function formatSummary(report: JudgeReport, paint: Paint): string {
  const verdict = paintVerdict(paint, report.verdict);
  const score = formatScore(report);
  if (report.verdict === 'CE') return `verdict: ${verdict} (compilation failed)${score}\n`;
  if (report.failedTest === undefined) {
    if (report.verdict === 'AC')
      return `verdict: ${verdict} (${report.passed} passed, max ${report.maxCpuMs} ms, ${formatMb(report.maxMemoryKb)})${score}\n`;
    return `verdict: ${verdict} (${report.message})${score}\n`;
  }
  const skipped = report.skipped > 0 ? `, ${report.skipped} skipped` : '';
  return `verdict: ${verdict} on test ${report.failedTest} (${report.passed} passed, ${report.failed} failed${score ? skipped : ''})${score}\n`;
}

/** GCC-style lines of the compile errors. */
export function formatCompileErrors(report: JudgeReport): string {
  const diagnostics = report.compile?.diagnostics ?? [];
  const lines = diagnostics
    .filter((d) => d.severity !== 'note')
    .slice(0, 20)
    .map((d) => `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.severity}: ${d.message}`);
  if (lines.length > 0) return `${lines.join('\n')}\n`;
  // Compilers without parsed diagnostics (javac, rustc, a byte-compile): their own words, cut.
  const stderr = report.compile?.stderr.trimEnd() ?? '';
  if (stderr === '') return `${report.message}\n`;
  const shown = stderr.split('\n').slice(0, 30);
  return `${shown.join('\n')}\n`;
}
