const SAFE_ARGUMENT = /^[\w@%+=:,./-]+$/;

/** Quotes one argument so that a POSIX shell would read it back unchanged. */
export function quoteArgument(argument: string): string {
  if (SAFE_ARGUMENT.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** The argv shown as one shell-escaped line, for `result.command`. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(quoteArgument).join(' ');
}
