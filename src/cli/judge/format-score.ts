import type { JudgeReport, TestResult } from '../../judge/index.js';
import type { Paint } from '../kit/index.js';

/** Points without float noise: `20`, `33.333333`. */
function points(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** A scored problem's groups, a line each: `group secret/group1 AC 20/20 (2 passed)`. */
export function formatGroups(report: JudgeReport, paint: Paint): string {
  if (!report.groups || report.groups.length === 0) return '';
  const lines = report.groups.map((group) => {
    const colour =
      group.verdict === 'AC' ? 'green' : group.verdict === 'skipped' || group.verdict === 'IE' ? 'yellow' : 'red';
    const counts = [
      `${group.passed} passed`,
      ...(group.failed > 0 ? [`${group.failed} failed`] : []),
      ...(group.skipped > 0 ? [`${group.skipped} skipped`] : []),
    ].join(', ');
    return `group ${group.name} ${paint(colour, group.verdict)} ${points(group.score)}/${points(group.maxScore)} (${counts})\n`;
  });
  return lines.join('');
}

/** `, score 20/100` after the summary of a scored problem. */
export function formatScore(report: JudgeReport): string {
  return report.score === undefined || report.maxScore === undefined
    ? ''
    : `, score ${points(report.score)}/${points(report.maxScore)}`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** What a package's output validator wrote for a failing test: judgemessage.txt, then teammessage.txt. */
export function formatFeedback(test: TestResult): string {
  const parts: string[] = [];
  if (test.feedback?.judgeMessage?.trim()) parts.push(`judgemessage.txt:\n${indent(test.feedback.judgeMessage)}\n`);
  if (test.feedback?.teamMessage?.trim()) parts.push(`teammessage.txt:\n${indent(test.feedback.teamMessage)}\n`);
  return parts.length === 0 ? '' : `\n--- test ${test.name}: the output validator's feedback\n${parts.join('')}`;
}
