import type { JobJudgeRequest } from './run-job-judge.js';
import type { JudgeReportLike } from './types.js';

/** Placeholder until judge() (issue 5) lands on this branch. */
export async function judgeJobRequest(_request: JobJudgeRequest): Promise<JudgeReportLike> {
  throw new Error('judge() is not available yet');
}
