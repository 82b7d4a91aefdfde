/** What a checker says about one output. `IE`: the checker itself failed, never the submission's fault. */
export interface CheckResult {
  verdict: 'AC' | 'WA' | 'IE';
  message: string;
}

/** One test as a checker sees it: text, and the files it came from when there are any. */
export interface CheckInput {
  input: () => Promise<string>;
  inputFile?: string;
  expected: string;
  expectedFile?: string;
  output: string;
}

/** A JS checker: `true`/`'AC'` accepts; `false`/`'WA'` rejects; or a `{ verdict, message }`. */
export type CheckerFunction = (
  input: string,
  output: string,
  expected: string,
) =>
  | boolean
  | 'AC'
  | 'WA'
  | { verdict: 'AC' | 'WA'; message?: string }
  | Promise<boolean | 'AC' | 'WA' | { verdict: 'AC' | 'WA'; message?: string }>;

export type CheckerSpec = 'tokens' | 'exact' | 'lines' | { float: number } | { testlib: string } | CheckerFunction;

export interface Checker {
  check(test: CheckInput): Promise<CheckResult>;
}

export const accepted: CheckResult = { verdict: 'AC', message: '' };
