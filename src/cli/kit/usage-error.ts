/** A mistake on the command line: printed as one line and a hint, exit code 2, nothing run. */
export class UsageError extends Error {
  override name = 'UsageError';

  /** @param hint a line that says what to do instead; the default points at `--help`. */
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
