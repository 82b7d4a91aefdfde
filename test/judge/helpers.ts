import { main as judgeMain } from '../../src/cli/judge/main.js';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile } from '../../src/compile/index.js';
import { mapBounded } from '../../src/shared/index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/judge');
/** One cache dir for every judge test file: fixtures and the limit helper compile once per machine. */
export const CACHE_DIR = join(tmpdir(), 'saferun-judge-test-cache');
const BINARIES = join(CACHE_DIR, 'fixture-binaries');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** Compiles fixture sources (relative to fixtures/judge), two at a time; returns name → binary. */
export async function compileFixtures(names: string[]): Promise<Record<string, string>> {
  mkdirSync(BINARIES, { recursive: true });
  const binaries = await mapBounded(names, 2, async (name) => {
    const output = join(BINARIES, name.replace(/[/.]/g, '_'));
    const result = await compile(fixture(name), { output, cacheDir: CACHE_DIR, optimize: '-O2' });
    if (!result.ok || !result.binary) throw new Error(`fixture ${name} did not compile: ${result.stderr}`);
    return result.binary;
  });
  return Object.fromEntries(names.map((name, i) => [name, binaries[i]!]));
}

/** Processes whose command line contains the marker: what a run left behind (an idle helper session aside). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker) && !argv.includes('--serve')) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const ELSEWHERE = resolve(import.meta.dirname, 'judge-elsewhere.mjs');

/** What a judge process (by its pid) left in the run root, the temp dir and its cgroups' dirs. */
export function leftBehind(pid: number, cgroupDirs: string[] = []): string[] {
  const named = (dir: string, prefix: string) =>
    readdirSync(dir)
      .filter((name) => name.startsWith(prefix))
      .map((name) => join(dir, name));
  return [
    ...named('/dev/shm', `saferun-session-${pid}-`),
    ...named(tmpdir(), `saferun-judge-${pid}-`),
    ...cgroupDirs.flatMap((dir) => named(dir, `saferun-${pid}-`)),
  ];
}
/** Runs as `nobody` (65534), through setpriv. */
export const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

export interface ElsewhereJob {
  judge?: Record<string, unknown>;
  file?: string;
  args?: string[];
  input?: string;
  options?: Record<string, unknown>;
}

/**
 * Runs judge() or runLimited() of the built package in a new Node process (test/judge/judge-elsewhere.mjs):
 * `as` prefixes the command (e.g. NOBODY), `fds` are extra descriptors it inherits at those numbers,
 * `cgroups` are cgroup.procs files it is moved into first (as root, before `as` applies).
 */
export function judgeElsewhere(
  job: ElsewhereJob,
  {
    as = [],
    fds = {},
    cgroups = [],
    env = {},
  }: { as?: string[]; fds?: Record<number, number>; cgroups?: string[]; env?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const command = [...as, process.execPath, ELSEWHERE, JSON.stringify(job)];
  // A shell moves itself into the cgroups, then becomes the command: the judge starts in them.
  const argv = cgroups.length
    ? ['/bin/sh', '-c', 'for f in $CGROUPS; do echo $$ > "$f" || exit 99; done; exec "$@"', 'sh', ...command]
    : command;
  const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'pipe', 'pipe'];
  for (const [fd, source] of Object.entries(fds)) {
    while (stdio.length < Number(fd)) stdio.push('ignore');
    stdio[Number(fd)] = source;
  }
  return new Promise((resolveResult, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio,
      env: { ...process.env, ...env, CGROUPS: cgroups.join(' ') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolveResult(JSON.parse(stdout) as Record<string, unknown>);
      } catch {
        reject(new Error(`judge-elsewhere.mjs exited ${code}: ${stdout}${stderr}`));
      }
    });
  });
}

/** The `judge` command run in this process, its output captured; the shared compile cache, no colour. */
export async function runJudgeCommand(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await judgeMain(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { SAFERUN_CACHE_DIR: CACHE_DIR, NO_COLOR: '1' },
  });
  return { code, stdout, stderr };
}
