// Children keep the terminal: they stay in the parent's session and process group (tree kill
// finds them through /proc), so /dev/tty works and Ctrl-C reaches them. The terminal cases run
// under a real pty made by `script` (util-linux).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec, execFile, spawn, type Subprocess } from '../../src/process/index.js';
import { itWith, needs } from '../helpers/requirements.js';
import { isAlive, killQuietly, waitUntil } from '../helpers/processes.js';

const node = process.execPath;
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
});

/** `script` runs the command on a new pty; what is written to its stdin is typed on that terminal. */
function underPty(command: string): Subprocess {
  return spawn('script', ['-qfec', command, '/dev/null'], { timeout: 60_000 });
}

/** Resolves once the pty's output contains `text`. */
function waitForOutput(child: Subprocess, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void child.then(() => reject(new Error(`the pty ended before showing ${JSON.stringify(text)}: ${seen}`)));
  });
}

/** The pids a fixture writes to the pty as `pids A B`; call it before the output arrives. */
async function waitForPids(child: Subprocess): Promise<number[]> {
  for await (const line of child.lines()) {
    const match = /pids (\d+) (\d+)/.exec(line);
    if (match) return [Number(match[1]), Number(match[2])];
  }
  throw new Error('the pty ended before showing the pids');
}

function sessionOf(statText: string): number {
  return Number(statText.slice(statText.lastIndexOf(')') + 2).split(' ')[3]);
}

describe('children keep the terminal', () => {
  it("a child stays in the parent's session (no setsid), unless detached", async () => {
    const own = sessionOf(readFileSync('/proc/self/stat', 'utf8'));
    const child = await execFile('cat', ['/proc/self/stat']);
    expect(sessionOf(child.stdout)).toBe(own);
    const detached = await execFile('cat', ['/proc/self/stat'], { detached: true });
    expect(sessionOf(detached.stdout)).not.toBe(own);
  });

  itWith(
    [needs.script()],
    'a child with captured stdout asks for a password on /dev/tty and reads the answer',
    async () => {
      const pty = underPty(`${node} fixtures/process/tty-prompt.mjs`);
      await waitForOutput(pty, 'Password: ');
      pty.stdin!.write('hunter2\n');
      const result = await pty;
      expect(result.stdout).toContain('result: ok got hunter2');
    },
  );

  itWith(
    [needs.script()],
    'Ctrl-C on the terminal reaches a child that traps SIGINT: it cleans up once, the parent dies of SIGINT',
    async () => {
      const log = join(mkdtempSync(join(tmpdir(), 'saferun-tty-')), 'cleanup.log');
      writeFileSync(log, '');
      const pty = underPty(`${node} fixtures/process/trap-sigint.mjs ${log}`);
      await waitForOutput(pty, 'ready');
      pty.stdin!.write('\x03');
      const result = await pty;
      expect(readFileSync(log, 'utf8')).toBe('cleaned up\n');
      expect(result.stdout).not.toContain('child ended');
    },
  );
});

describe('sync runs with a timeout on a terminal', () => {
  itWith(
    [needs.script(), needs.setpriv()],
    'Ctrl-C ends the child and grandchild of a sync run with a timeout (GNU timeout leads a background group)',
    async () => {
      const pty = underPty(`${node} fixtures/process/sync-timeout-tree.mjs`);
      const pids = await waitForPids(pty);
      leftovers.push(...pids);
      pty.stdin!.write('\x03');
      const result = await pty;
      expect(result.stdout).not.toContain('child ended');
      for (const pid of pids) expect(await waitUntil(() => !isAlive(pid))).toBe(true);
    },
  );
});

describe('signals that end the parent', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s sent to the parent alone is passed on: the trapping child cleans up once, the parent dies of it',
    async (signal) => {
      const log = join(mkdtempSync(join(tmpdir(), 'saferun-int-')), 'cleanup.log');
      writeFileSync(log, '');
      const parent = spawn(node, ['fixtures/process/trap-sigint.mjs', log, signal.slice(3)]);
      for await (const line of parent.lines()) if (line === 'ready') break;
      process.kill(parent.pid!, signal);
      const result = await parent;
      expect(result).toMatchObject({ kind: 'signal', signal });
      expect(readFileSync(log, 'utf8')).toBe('cleaned up\n');
    },
  );

  it('a child that ignores the signal is SIGKILLed after the grace period, and the parent still dies of it', async () => {
    const code = [
      "import { spawn } from './dist/index.js';",
      `const child = spawn('sh', ['-c', "trap '' TERM; echo ready; while :; do sleep 0.05; done"], { forceKillAfter: 300 });`,
      "for await (const line of child.lines()) if (line === 'ready') break;",
      'console.log(`child ${child.pid}`);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(node, ['--input-type=module', '-e', code]);
    let childPid = 0;
    for await (const line of parent.lines()) {
      const match = /^child (\d+)$/.exec(line);
      if (match) {
        childPid = Number(match[1]);
        break;
      }
    }
    leftovers.push(childPid);
    process.kill(parent.pid!, 'SIGTERM');
    expect(await parent).toMatchObject({ kind: 'signal', signal: 'SIGTERM' });
    expect(await waitUntil(() => !isAlive(childPid))).toBe(true);
  });
});

describe('leaving a child running on purpose', () => {
  it.each([[{ cleanup: false }], [{ detached: true }]])('%j: the child outlives its parent', async (options) => {
    const parent = await execFile(node, ['fixtures/process/leave-running.mjs', JSON.stringify(options)]);
    const childPid = Number(/^child (\d+)$/.exec(parent.stdout)?.[1]);
    leftovers.push(childPid);
    expect(parent.kind).toBe('ok');
    expect(childPid).toBeGreaterThan(0);
    expect(isAlive(childPid)).toBe(true);
  });

  it('without them, the child dies with its parent', async () => {
    const parent = await execFile(node, ['fixtures/process/leave-running.mjs', '{}']);
    const childPid = Number(/^child (\d+)$/.exec(parent.stdout)?.[1]);
    leftovers.push(childPid);
    expect(await waitUntil(() => !isAlive(childPid))).toBe(true);
  });
});

describe('tree kill without a process group', () => {
  it('a timeout reaches a grandchild that left for a session of its own (setsid), by the mark in its environment', async () => {
    const result = await exec('setsid sleep 100 & echo $!; sleep 100', { timeout: 500 });
    const grandchild = Number(result.stdout);
    leftovers.push(grandchild);
    expect(result.kind).toBe('timeout');
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntil(() => !isAlive(grandchild))).toBe(true);
  });
});
