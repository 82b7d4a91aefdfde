import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { execFile, type Options } from '../../src/process/index.js';

const node = process.execPath;

type Case = [name: string, file: string, args: string[], options?: Options];

// Each command runs under saferun and under execa 9 (reject: false); the four fields must agree.
const cases: Case[] = [
  ['echo', 'echo', ['hello']],
  ['true', 'true', []],
  ['false', 'false', []],
  ['exit 0', 'sh', ['-c', 'exit 0']],
  ['exit 1', 'sh', ['-c', 'exit 1']],
  ['exit 255', 'sh', ['-c', 'exit 255']],
  ['exit 127', 'sh', ['-c', 'exit 127']],
  ['exit 300 wraps', 'sh', ['-c', 'exit 300']],
  ['stdout and stderr', 'sh', ['-c', 'echo out; echo err >&2']],
  ['stderr only, exit 3', 'sh', ['-c', 'echo only-err >&2; exit 3']],
  ['SIGTERM', 'sh', ['-c', 'kill -TERM $$']],
  ['SIGKILL', 'sh', ['-c', 'kill -KILL $$']],
  ['SIGSEGV', 'sh', ['-c', 'kill -SEGV $$']],
  ['SIGABRT', 'sh', ['-c', 'kill -ABRT $$']],
  ['SIGINT', 'sh', ['-c', 'kill -INT $$']],
  ['SIGHUP from node', node, ['-e', "process.kill(process.pid, 'SIGHUP')"]],
  ['through a shell, 139', 'sh', ['-c', "sh -c 'kill -SEGV $$'; exit $?"]],
  ['node exit 42', node, ['-e', 'process.exit(42)']],
  ['node throws', node, ['-e', 'throw new Error("boom")']],
  ['input to cat', 'cat', [], { input: 'abc' }],
  ['multi-line input', 'cat', [], { input: 'one\ntwo\nthree\n' }],
  ['Buffer input', 'wc', ['-c'], { input: Buffer.from('12345') }],
  ['read a line', 'sh', ['-c', 'read a; echo "got $a"'], { input: 'line\nrest\n' }],
  ['head leaves input unread', 'head', ['-c', '5'], { input: 'abcdefgh' }],
  ['cwd', 'pwd', [], { cwd: '/tmp' }],
  ['env merged', 'sh', ['-c', 'echo "$SAFERUN_D:${HOME:+home}"'], { env: { SAFERUN_D: 'x' } }],
  [
    'env alone',
    'sh',
    ['-c', 'echo "$SAFERUN_D:${HOME:-none}"'],
    { env: { SAFERUN_D: 'y', PATH: process.env.PATH }, extendEnv: false },
  ],
  ['trailing newlines', 'printf', ['a\\n\\n']],
  ['no trailing newline', 'printf', ['no newline']],
  ['CRLF', 'printf', ['line\\r\\n']],
  ['unicode', 'echo', ['héllo wörld 日本語 😀']],
  ['invalid UTF-8', 'printf', ['\\342\\202x']],
  ['100 kB of output', node, ['-e', "process.stdout.write('x'.repeat(100000))"]],
  ['seq 1000', 'seq', ['1', '1000']],
  [
    'arguments with spaces and quotes',
    node,
    ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', 'a b', '"q"', "'s'", '$HOME'],
  ],
  ['ls of a missing path', 'ls', ['/saferun/no/such/path']],
  ['empty output', 'sh', ['-c', ':']],
  ['interleaved output', 'sh', ['-c', 'for i in 1 2 3; do echo o$i; echo e$i >&2; done']],
];

const normalize = (value: unknown) => (value === undefined ? null : value);

describe('differential: saferun against execa 9', () => {
  it('covers at least 30 commands', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (_name, file, args, options = {}) => {
    const [ours, theirs] = await Promise.all([
      execFile(file, args, options),
      execa(file, args, { ...(options as Record<string, unknown>), reject: false }),
    ]);
    expect({ exitCode: ours.exitCode, signal: ours.signal, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
      exitCode: normalize(theirs.exitCode),
      signal: normalize(theirs.signal),
      stdout: theirs.stdout,
      stderr: theirs.stderr,
    });
    expect(ours.ok).toBe(!theirs.failed);
  });
});
