// The C helper fails closed: a malformed request, or a limit it cannot set, is an error it reports
// (the judge makes it an IE), never a run without the limit.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLimitHelper } from '../../../src/judge/executor/helper-binary.js';
import { execFile } from '../../../src/process/index.js';
import { itWith, needs } from '../../helpers/requirements.js';
import { CACHE_DIR } from '../helpers.js';

let helper: string;
const dir = mkdtempSync(join(tmpdir(), 'saferun-protocol-'));
beforeAll(async () => {
  helper = await ensureLimitHelper(CACHE_DIR);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID: Record<string, string> = {
  run: join(dir, 'run'),
  stdin: '',
  cpu_ms: '1000',
  wall_ms: '3000',
  mem_kb: '65536',
  stack_kb: '8192',
  fsize: '1048576',
  tmpfs_kb: '65536',
  as_kb: 'none',
  nproc: 'none',
  uid: 'none',
  stdout: '',
};
const line = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join('\t')}\n`;

/** Sends request lines one at a time to a helper serving `/bin/echo ok`, and collects the answers. */
async function ask(lines: string[], prefix: string[] = []): Promise<Record<string, unknown>[]> {
  const child = spawn(
    prefix[0] ?? helper,
    [...prefix.slice(1), ...(prefix.length ? [helper] : []), '--serve', '--', '/bin/echo', 'ok'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const results: Record<string, unknown>[] = [];
  for (const request of lines) {
    child.stdin.write(request);
    const { value } = await answers.next();
    results.push(JSON.parse(value as string) as Record<string, unknown>);
  }
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  return results;
}

describe('the limit helper', () => {
  it('answers a valid request with a measured run', async () => {
    const [answer] = await ask([line(VALID)]);
    expect(answer).toMatchObject({ exitCode: 0, error: null, stdoutBytes: 3, accounting: 'rlimit' });
  });

  it('refuses a malformed request, naming the field, and serves the next one', async () => {
    const { cpu_ms: _, ...missing } = VALID;
    const answers = await ask([
      line(missing),
      line({ ...VALID, cpu_ms: '12x' }),
      line({ ...VALID, cpu_ms: '-5' }),
      line({ ...VALID, cpu_ms: '99999999999999999999' }),
      line({ ...VALID, cpu_ms: 'none' }),
      line({ ...VALID, cpu_ms: '' }),
      line({ ...VALID, uid: '0' }),
      line({ ...VALID, stdin: 'relative/path' }),
      `${line(VALID).trimEnd()}\tcolour=blue\n`,
      `${line(VALID).trimEnd()}\tcpu_ms=5\n`,
      'not a request\n',
      line(VALID),
    ]);
    expect(answers.map((answer) => answer.error)).toEqual([
      'request: missing cpu_ms',
      'request: bad value for cpu_ms',
      'request: bad value for cpu_ms',
      'request: bad value for cpu_ms',
      'request: bad value for cpu_ms',
      'request: bad value for cpu_ms',
      'request: bad value for uid',
      'request: bad value for stdin',
      'request: unknown key colour',
      'request: key cpu_ms given twice',
      "request: a field without '='",
      null,
    ]);
    expect(answers.at(-1)).toMatchObject({ exitCode: 0 });
  });

  it('reports what it could not set up: a run dir it cannot make, an input that is a directory', async () => {
    const answers = await ask([line({ ...VALID, run: '/proc/saferun/run' }), line({ ...VALID, stdin: dir })]);
    expect(answers.map((answer) => answer.error)).toEqual(['mkdir run dir: ENOENT', 'stdin: EISDIR']);
  });

  it('an interactive run: FIFOs only where asked for, each end waited for at most the wall limit', async () => {
    const fifo = join(dir, 'fifo');
    await execFile('mkfifo', [fifo]);
    const answers = await ask([
      // A FIFO as an ordinary input would block the helper: refused at once.
      line({ ...VALID, stdin: fifo }),
      line({ ...VALID, stdin: '', stdout: fifo }),
      line({ ...VALID, stdin: join(dir, 'missing'), stdout: fifo }),
      // Nobody opens the other end: the wait ends at the wall limit.
      line({ ...VALID, stdin: fifo, stdout: fifo, wall_ms: '200' }),
      line({ ...VALID, stdout: 'relative' }),
      line(VALID),
    ]);
    expect(answers.map((answer) => answer.error)).toEqual([
      'stdin: EINVAL',
      'request: stdout is a FIFO, stdin must be one too',
      'open stdin: ENOENT',
      'open stdin: ETIMEDOUT',
      'request: bad value for stdout',
      null,
    ]);
  });

  itWith(
    [needs.root(), needs.setpriv()],
    'reports a limit it cannot set (RLIMIT_STACK past the hard limit)',
    async () => {
      // As nobody, with a hard stack limit of 8 MiB: asking for 64 MiB cannot be granted.
      const prefix = [
        'setpriv',
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        'prlimit',
        '--stack=8388608:8388608',
      ];
      const open = join(dir, 'open');
      mkdirSync(open, { mode: 0o1777 });
      chmodSync(open, 0o1777);
      chmodSync(dir, 0o755);
      const [answer] = await ask([line({ ...VALID, run: join(open, 'run'), stack_kb: '65536' })], prefix);
      expect(answer).toMatchObject({ error: 'setrlimit RLIMIT_STACK: EPERM' });
    },
  );

  it('has no one-shot --result mode, and refuses unknown options', async () => {
    for (const args of [
      ['--result', join(dir, 'r'), '--', '/bin/true'],
      ['--serve', '--frobnicate', '--', '/bin/true'],
    ]) {
      const result = await execFile(helper, args);
      expect(result).toMatchObject({ kind: 'exit', exitCode: 125 });
      expect(result.stderr).toMatch(/^saferun-limit: /);
    }
  });
});
