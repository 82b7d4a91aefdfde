// Attacks on the judge, each a fixture in fixtures/judge/adversarial/, judged in both sandbox modes,
// as root and as a normal user (nobody, through setpriv), in a process of its own
// (test/judge/judge-elsewhere.mjs): the right verdict, nothing inherited, nothing left behind.
import { randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { judge } from '../../src/judge/index.js';
import { ensureLimitHelper } from '../../src/judge/executor/helper-binary.js';
import { layoutDirs } from '../../src/judge/executor/cgroup/choose-layout.js';
import { probeCgroups } from '../../src/judge/executor/cgroup/probe-cgroups.js';
import { waitUntil } from '../helpers/processes.js';
import { describeEachSandbox, describeWith, itWith, needs, type SandboxKind } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures, judgeElsewhere, leftBehind, NOBODY, processesWith } from './helpers.js';

/** This machine's cgroup dirs for runs (none without cgroups). */
async function cgroupDirs(): Promise<string[]> {
  const choice = await probeCgroups();
  return 'layout' in choice ? layoutDirs(choice.layout).map(({ dir }) => dir) : [];
}

const NAMES = [
  'inherited-fds',
  'replace-output',
  'sysv-ipc',
  'session-keyring',
  'proc-cmdlines',
  'under-session-keyring',
  'proc-probe',
  'fill-disk',
  'escape-checks',
  'abstract-socket',
  'fork-bomb',
  'sleep-forever',
  'invalid-utf8',
];
let bin: Record<string, string>;
beforeAll(async () => {
  bin = await compileFixtures(NAMES.map((name) => `adversarial/${name}.cpp`));
  // Built as root: nobody reads the cached helper and fixtures, and may not write the cache.
  await ensureLimitHelper(CACHE_DIR);
});
const program = (name: string) => bin[`adversarial/${name}.cpp`]!;

/** A dir others can read, as a tests dir checked out by someone else would be. */
function openDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

const USERS = [
  { user: 'root', as: [] as string[], requirements: [needs.root()] },
  { user: 'nobody', as: NOBODY, requirements: [needs.root(), needs.setpriv()] },
];
const SANDBOXES: SandboxKind[] = ['bwrap', 'none'];

for (const { user, as, requirements } of USERS) {
  for (const sandbox of SANDBOXES) {
    const needed = sandbox === 'bwrap' ? [...requirements, needs.bwrap()] : requirements;
    describeWith(needed, `attacks as ${user}, sandbox ${sandbox}`, () => {
      const base = { sandbox, cacheDir: CACHE_DIR };
      // Without a sandbox and without root, runs get namespaces of their own only where user
      // namespaces work, which the judge learns from bwrap (docs/judge.md, threat model).
      const perRunNamespaces = user === 'nobody' && sandbox === 'none' ? [needs.bwrap()] : [];

      it('cannot use descriptors its judge inherited (fd 30 read, fd 31 append)', async () => {
        const dir = openDir('saferun-fds-');
        const secret = join(dir, 'secret');
        const log = join(dir, 'log');
        writeFileSync(secret, 'the secret\n', { mode: 0o600 });
        writeFileSync(log, 'host log\n', { mode: 0o600 });
        const fds = { 30: openSync(secret, 'r'), 31: openSync(log, 'a') };
        try {
          const result = await judgeElsewhere({ file: program('inherited-fds'), options: base }, { as, fds });
          expect(result).toMatchObject({
            kind: 'ok',
            stdout: 'read 30: Bad file descriptor\nwrite 31: Bad file descriptor\nother fds: 0\n',
          });
          expect(readFileSync(log, 'utf8')).toBe('host log\n');
        } finally {
          Object.values(fds).forEach((fd) => closeSync(fd));
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it('gains nothing by replacing its output or the next input with a link', async () => {
        const dir = openDir('saferun-link-');
        chmodSync(dir, 0o1777); // a run dir for any user, as /tmp is
        const answer = join(dir, 'right-answer');
        writeFileSync(answer, '3\n');
        chmodSync(answer, 0o644);
        const tests = [1, 2].map(() => ({ input: `${answer}\n`, expected: '3\n' }));
        const request = { binary: program('replace-output'), tests, stopOnFirstFailure: false, ...base };
        // On /dev/shm the run's own /dev/shm hides the session; in the temp dir the program may see it.
        for (const runDir of ['/dev/shm', dir]) {
          const report = await judgeElsewhere({ judge: request }, { as, env: { SAFERUN_RUN_DIR: runDir } });
          expect(report).toMatchObject({ verdict: 'WA', failed: 2 });
          const [first] = report.tests as { checkerMessage: string }[];
          expect(first!.checkerMessage).toBe("1st words differ - expected: '3', found: '0'");
          expect(readFileSync(answer, 'utf8')).toBe('3\n');
        }
        rmSync(dir, { recursive: true, force: true });
      });

      itWith(
        perRunNamespaces,
        'leaves no System V shared memory or message queue, to the next test or after the judge',
        async () => {
          const tests = [
            { name: 'leave', input: 'leave 16', expected: 'left shm msg' },
            { name: 'find', input: 'find 0', expected: 'none none' },
          ];
          const report = await judgeElsewhere({ judge: { binary: program('sysv-ipc'), tests, ...base } }, { as });
          expect(report).toMatchObject({ verdict: 'AC', passed: 2 });
          for (const kind of ['-m', '-q']) expect(spawnSync('ipcs', [kind]).stdout.toString()).not.toMatch(/0x5afe000/);
          // Nor a session dir, a judge dir or a run cgroup.
          expect(leftBehind(report.judgePid as number, await cgroupDirs())).toEqual([]);
        },
      );

      it("keeps no key from test to test in the judge's session keyring (a systemd service has one)", async () => {
        const tests = [
          { name: 'leave', input: 'leave', expected: 'left' },
          { name: 'find', input: 'find', expected: 'none' },
        ];
        const report = await judgeElsewhere(
          { judge: { binary: program('session-keyring'), tests, stopOnFirstFailure: false, ...base } },
          { as: [program('under-session-keyring'), ...as] },
        );
        expect(report).toMatchObject({ verdict: 'AC', passed: 2 });
      });

      it("sees no other process's command line in /proc (a validator's shows its private dir)", async () => {
        const marker = `saferun-marker-${randomUUID()}`;
        const holder = spawn('/bin/sh', ['-c', 'sleep 60', marker], { stdio: 'ignore' });
        try {
          await waitUntil(() => processesWith(marker).length > 0);
          const result = await judgeElsewhere({ file: program('proc-cmdlines'), input: marker, options: base }, { as });
          // Without a sandbox and without root the program is the judge's user, with the host's /proc
          // (docs/judge.md, threat model): the kernel may refuse a new /proc in the proxy's user namespace.
          const open = user === 'nobody' && sandbox === 'none';
          expect(result).toMatchObject({ kind: 'ok', stdout: open ? 'seen\n' : 'unseen\n' });
        } finally {
          holder.kill('SIGKILL');
        }
      });

      it('cannot reach its helper: no trace, no core limit raised, no terminal, no memory of its parent, no file in /dev', async () => {
        const result = await judgeElsewhere({ file: program('escape-checks'), options: base }, { as });
        expect(result).toMatchObject({
          kind: 'ok',
          stdout:
            'ptrace-parent blocked\nptrace-init blocked\ncore blocked\ntty blocked\nparent-memory blocked\ndev-write blocked\n',
        });
      });

      itWith(
        perRunNamespaces,
        'fills a size-limited work dir and /dev/shm of its own, gone after the run',
        async () => {
          const options = { ...base, memoryLimitMb: 64, outputLimitMb: 512, timeLimitMs: 10_000 };
          const result = await judgeElsewhere({ file: program('fill-disk'), options }, { as });
          if (result.accounting === 'cgroup') {
            // Files in a tmpfs are memory: the cgroup counts them.
            expect(result.kind).toBe('memory-limit');
          } else {
            const [, work, shm] = /^work (\d+) shm (\d+)\n$/.exec(result.stdout as string) ?? [];
            expect(Number(work) + Number(shm)).toBeLessThanOrEqual(64);
          }
          expect(readdirSync('/dev/shm').filter((name) => name.startsWith('fill'))).toEqual([]);
        },
      );

      it('a fork bomb under processLimit ends as a time limit, with nothing left', async () => {
        const marker = `saferun-marker-${randomUUID()}`;
        const options = { ...base, processLimit: 16, timeLimitMs: 500 };
        const result = await judgeElsewhere({ file: program('fork-bomb'), args: [marker], options }, { as });
        expect(result.kind).toMatch(/^(time-limit|wall-time-limit)$/);
        expect(processesWith(marker)).toEqual([]);
      });
    });
  }

  describeWith([...requirements, needs.bwrap()], `host paths stay hidden in the sandbox, as ${user}`, () => {
    it('shows no host path in /proc/1/cmdline, mountinfo, its stdin, binary or cwd', async () => {
      const marker = `saferun-hostpath-${randomUUID()}`;
      const tests = openDir(`${marker}-`);
      writeFileSync(join(tests, '1.in'), '');
      writeFileSync(join(tests, '1.out'), '');
      chmodSync(join(tests, '1.in'), 0o644);
      const report = await judgeElsewhere(
        { judge: { binary: program('proc-probe'), tests, sandbox: 'bwrap', cacheDir: CACHE_DIR, checker: 'exact' } },
        { as },
      );
      // The answer is empty: a WA that shows what the program saw.
      const output = (report.tests as { output?: string }[])[0]?.output ?? '';
      expect(output).toContain('/proc/self/fd/0 -> ');
      for (const hostPath of [
        marker,
        CACHE_DIR,
        'saferun-judge',
        'bwrap',
        '/root',
        resolve(import.meta.dirname, '../..'),
      ])
        expect(output).not.toContain(hostPath);
      expect(output).toContain('hostname saferun');
      rmSync(tests, { recursive: true, force: true });
    });
  });
}

describeWith([needs.bwrap()], 'abstract unix sockets', () => {
  it('a socket in the abstract namespace is out of reach in the sandbox, not without it', async () => {
    const name = `saferun-${randomUUID()}`;
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(`\0${name}`, resolve));
    try {
      const boxed = await judgeElsewhere({
        file: program('abstract-socket'),
        input: name,
        options: { sandbox: 'bwrap', cacheDir: CACHE_DIR },
      });
      expect(boxed).toMatchObject({ kind: 'ok', stdout: 'blocked\n' });
      const open = await judgeElsewhere({
        file: program('abstract-socket'),
        input: name,
        options: { sandbox: 'none', cacheDir: CACHE_DIR },
      });
      expect(open).toMatchObject({ kind: 'ok', stdout: 'connected\n' });
    } finally {
      server.close();
    }
  });
});

describeEachSandbox('output compared as bytes', (sandbox) => {
  it('0xFF is not 0x80 (text would decode both to U+FFFD): WA with exact and tokens, AC against 0xFF', async () => {
    const tests = openDir('saferun-bytes-');
    writeFileSync(join(tests, '1.in'), '');
    for (const [answer, checker, verdict] of [
      [0x80, 'exact', 'WA'],
      [0x80, 'tokens', 'WA'],
      [0xff, 'exact', 'AC'],
      [0xff, 'tokens', 'AC'],
    ] as const) {
      writeFileSync(join(tests, '1.out'), Buffer.from([answer, 0x0a]));
      const report = await judge({ binary: program('invalid-utf8'), tests, checker, sandbox, cacheDir: CACHE_DIR });
      expect(report.verdict).toBe(verdict);
      if (verdict === 'WA') expect(report.tests[0]).toMatchObject({ output: '\\xff\n', expected: '\\x80\n' });
    }
    rmSync(tests, { recursive: true, force: true });
  });
});

describe('broken tests are the judge’s error', () => {
  it('a test whose .in is a directory is IE, not RE', async () => {
    const tests = openDir('saferun-dir-in-');
    mkdirSync(join(tests, '1.in'));
    writeFileSync(join(tests, '1.out'), '3\n');
    const report = await judge({ binary: '/bin/cat', tests, cacheDir: CACHE_DIR });
    expect(report.tests[0]).toMatchObject({ verdict: 'IE', message: '1.in is a directory, not a file' });
    rmSync(tests, { recursive: true, force: true });
  });
});

describeWith([needs.root()], 'a judge killed with SIGKILL', () => {
  it('leaves its dirs and cgroups to the next judge, which removes them; nothing keeps running', async () => {
    const tests = openDir('saferun-killed-');
    writeFileSync(join(tests, '1.in'), '');
    writeFileSync(join(tests, '1.out'), '');
    // A copy of its own: the program's path tells its processes apart from other tests'.
    const sleeper = join(tests, 'sleeper');
    copyFileSync(program('sleep-forever'), sleeper);
    chmodSync(sleeper, 0o755);
    const job = { judge: { binary: sleeper, tests, sandbox: 'none', timeLimitMs: 60_000, cacheDir: CACHE_DIR } };
    const child = spawn(process.execPath, [join(import.meta.dirname, 'judge-elsewhere.mjs'), JSON.stringify(job)], {
      stdio: 'ignore',
    });
    // Ready handshake: the program runs (so the judge made its dirs and cgroups) before the kill.
    while (processesWith(sleeper).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const dirs = await cgroupDirs();
    const left = () => leftBehind(child.pid!, dirs);
    expect(left().length).toBeGreaterThan(0);
    // The program dies with its helper, which dies with the judge.
    await waitUntil(() => processesWith(sleeper).length === 0);
    expect(processesWith(sleeper)).toEqual([]);
    // The next judge (another process) sweeps what a dead one left.
    await judgeElsewhere({ judge: { binary: '/bin/true', tests, cacheDir: CACHE_DIR } });
    expect(left()).toEqual([]);
    rmSync(tests, { recursive: true, force: true });
  });
});
