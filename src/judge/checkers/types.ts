/** What a checker says about one output. `IE`: the checker itself failed, never the submission's fault. */
export interface CheckResult {
  verdict: 'AC' | 'WA' | 'IE';
  message: string;
  /** A package's output validator: what it left in its feedback dir. */
  feedback?: { judgeMessage?: string; teamMessage?: string };
}

/** One test as a checker sees it: bytes, and the files they are in when there are any. */
export interface CheckInput {
  /** The input as text, for a checker function. */
  input: () => Promise<string>;
  inputFile?: string;
  expected: Buffer;
  expectedFile?: string;
  /** The program's output, as it wrote it. */
  output: Buffer;
  /** The file the program wrote its output to (a testlib checker reads this one). */
  outputFile?: string;
}

/**
 * A JS checker: `true`/`'AC'` accepts; `false`/`'WA'` rejects; or a `{ verdict, message }`. It gets
 * the output and the answer decoded as UTF-8: use `exact`, `tokens` or a testlib checker to compare bytes.
 */
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
  /** Ends what the checker keeps between tests (a validator's helper sessions). */
  close?(): Promise<void>;
}

export const accepted: CheckResult = { verdict: 'AC', message: '' };
