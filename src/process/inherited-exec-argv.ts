// Flags whose next argument is their value: the code, or the input type.
const SWITCHES_WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '-pe', '--input-type']);

/**
 * The parent's Node flags, fit for a child that runs a module file. A parent started with
 * `node -e CODE` has `-e CODE` in its execArgv: passed on, every child would run CODE again
 * instead of its module, and a CODE that forks would fork without end (Node's own fork drops
 * it for the same reason). `--input-type` goes too: Node refuses it with a file.
 */
export function inheritedExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    const flag = execArgv[index]!;
    if (SWITCHES_WITH_VALUE.has(flag)) index++;
    else if (/^--(eval|print|input-type)=/.test(flag)) continue;
    else kept.push(flag);
  }
  return kept;
}
