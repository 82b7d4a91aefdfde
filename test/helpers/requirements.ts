// Tests that need a system package (bubblewrap, redis-server, a compiler...) skip with one line
// naming the Debian package when it is missing. With SAFERUN_REQUIRE_ALL=1 (set by .ci/run) a
// missing package fails those tests instead, so CI proves every one of them.
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { probeCgroups } from '../../src/judge/executor/cgroup/probe-cgroups.js';

const REQUIRE_ALL = process.env.SAFERUN_REQUIRE_ALL === '1';

export interface Requirement {
  /** What is needed, as a person would name it: `bwrap`, `redis-server`, `cgroups`. */
  name: string;
  /** The Debian package that provides it, or how to get it. */
  install: string;
  /** Undefined when available; else why not. */
  missing: string | undefined;
}

function commandWorks(file: string, args: string[]): string | undefined {
  const result = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  if (result.error)
    return (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed' : result.error.message;
  if (result.status !== 0)
    return `\`${[file, ...args].join(' ')}\` failed: ${String(result.stderr).trim().split('\n')[0] ?? ''}`;
  return undefined;
}

const cache = new Map<string, Requirement>();

/** A requirement checked once per test file: `check` returns undefined when usable, else why not. */
function requirement(name: string, install: string, check: () => string | undefined): Requirement {
  let found = cache.get(name);
  if (!found) {
    found = { name, install, missing: check() };
    cache.set(name, found);
  }
  return found;
}

/** A program on PATH that runs (`--version` or the given probe exits 0). */
function needsCommand(command: string, install: string, probe: string[] = ['--version']): Requirement {
  return requirement(command, install, () => commandWorks(command, probe));
}

/** Whether this process may create a cgroup under its own memory cgroup (v1) or its own cgroup (v2). */
// The judge's own probe (the cgroups it would use, each created and removed once): a test skips
// exactly where the judge would fall back to rlimits.
const cgroupChoice = await probeCgroups();
function cgroupsWritable(): string | undefined {
  return 'layout' in cgroupChoice ? undefined : cgroupChoice.reason;
}

const uid = process.getuid?.() ?? -1;
/** bwrap's arguments for the smallest sandbox that shows it works: `/bin/true` in a new pid namespace. */
const BWRAP_TRUE = ['--unshare-pid', '--ro-bind', '/', '/', '--', '/bin/true'];
export const needs = {
  gpp: () => needsCommand('g++', 'g++'),
  gcc: () => needsCommand('gcc', 'gcc'),
  /** Debian's python3 in /usr/bin: what a validator's `#!/usr/bin/env python3` finds on a run's PATH. */
  systemPython: () => requirement('/usr/bin/python3', 'python3', () => commandWorks('/usr/bin/python3', ['--version'])),
  /** clang and clang++ (Debian's `clang` package has both). */
  clang: () =>
    requirement('clang', 'clang', () => commandWorks('clang++', ['--version']) ?? commandWorks('clang', ['--version'])),
  bwrap: () =>
    requirement('bwrap', 'bubblewrap', () =>
      commandWorks('bwrap', [...(uid === 0 ? [] : ['--unshare-user']), ...BWRAP_TRUE]),
    ),
  redis: () => needsCommand('redis-server', 'redis-server'),
  openssl: () => needsCommand('openssl', 'openssl', ['version']),
  script: () => needsCommand('script', 'bsdutils (util-linux)', ['--version']),
  root: () => requirement('root', 'run the tests as root', () => (uid === 0 ? undefined : 'not running as root')),
  /** bwrap as uid 65534 (a user namespace), reached from root through setpriv: the non-root tests. */
  userBwrap: () =>
    requirement(
      'bwrap as a non-root user',
      'bubblewrap and util-linux (setpriv), unprivileged user namespaces, and the tests run as root to switch users',
      () =>
        uid !== 0
          ? 'not running as root (needed to switch to uid 65534)'
          : commandWorks('setpriv', [
              '--reuid=65534',
              '--regid=65534',
              '--clear-groups',
              'bwrap',
              '--unshare-user',
              ...BWRAP_TRUE,
            ]),
    ),
  /** Writable cgroups (v1 memory, pids, cpuacct or v2), as root or delegated: the judge's cgroup accounting. */
  cgroups: () => requirement('cgroups', 'a writable cgroup hierarchy (root, or a delegated cgroup)', cgroupsWritable),
  java: () => needsCommand('javac', 'openjdk-17-jdk-headless', ['-version']),
  python: () => needsCommand('python3', 'python3'),
  rustc: () => needsCommand('rustc', 'rustc'),
  go: () => needsCommand('go', 'golang-go', ['version']),
  setpriv: () => needsCommand('setpriv', 'util-linux'),
  ipcs: () => needsCommand('ipcs', 'util-linux', ['-V']),
};

function missingOf(requirements: Requirement[]): Requirement[] {
  return requirements.filter((r) => r.missing !== undefined);
}

function skipLine(missing: Requirement[]): string {
  return missing.map((r) => `${r.name} (${r.missing}; Debian package: ${r.install})`).join(', ');
}

/** Records a skip for the summary line that the global teardown prints. */
function recordSkip(title: string, missing: Requirement[]): void {
  const log = process.env.SAFERUN_SKIP_LOG;
  if (!log) return;
  for (const r of missing) appendFileSync(log, `${JSON.stringify({ name: r.name, install: r.install, title })}\n`);
}

/**
 * `describe` that runs only when every requirement is met. Missing ones skip the block (and say
 * which package to install), or, under SAFERUN_REQUIRE_ALL=1, fail it.
 */
export function describeWith(requirements: Requirement[], title: string, body: () => void): void {
  const missing = missingOf(requirements);
  if (missing.length === 0) {
    describe(title, body);
  } else if (REQUIRE_ALL) {
    describe(title, () => {
      it(`needs ${skipLine(missing)}`, () => {
        throw new Error(`SAFERUN_REQUIRE_ALL=1 but missing: ${skipLine(missing)}`);
      });
    });
  } else {
    recordSkip(title, missing);
    describe.skip(`${title} [skipped: needs ${skipLine(missing)}]`, body);
  }
}

/** `it` that runs only when every requirement is met (see describeWith). */
export function itWith(
  requirements: Requirement[],
  title: string,
  body: () => Promise<void> | void,
  timeout?: number,
): void {
  const missing = missingOf(requirements);
  if (missing.length === 0) {
    it(title, body, timeout);
  } else if (REQUIRE_ALL) {
    it(title, () => {
      throw new Error(`SAFERUN_REQUIRE_ALL=1 but missing: ${skipLine(missing)}`);
    });
  } else {
    recordSkip(title, missing);
    it.skip(`${title} [skipped: needs ${skipLine(missing)}]`, body);
  }
}

export type SandboxKind = 'bwrap' | 'none';

/** The same block once per sandbox mode: `bwrap` (skipped or failed without it, as above) and `none`. */
export function describeEachSandbox(title: string, body: (sandbox: SandboxKind) => void): void {
  describeWith([needs.bwrap()], `${title}, sandbox bwrap`, () => body('bwrap'));
  describe(`${title}, sandbox none`, () => body('none'));
}
