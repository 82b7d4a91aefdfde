// Gives the run a temp dir of its own, removed at the end, so that no test leaves files in /tmp; and
// collects the skips of tests whose system packages are missing and prints them in one line at the end.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  // Test workers and the processes they start inherit the environment, and os.tmpdir() reads TMPDIR.
  // Sticky and open to all like /tmp: tests run programs under other uids, which must reach their files.
  const dir = mkdtempSync(join(tmpdir(), 'saferun-test-run-'));
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  mkdirSync(join(dir, 'skips'));
  const log = join(dir, 'skips', 'skips.jsonl');
  // Each worker appends a line per skipped block.
  process.env.SAFERUN_SKIP_LOG = log;
  return () => {
    let lines: string[] = [];
    try {
      lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      // no skips
    }
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    const counts = new Map<string, number>();
    for (const line of lines) {
      const { name, install } = JSON.parse(line) as { name: string; install: string };
      const key = `${name} (apt-get install ${install})`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const summary = [...counts].map(([key, n]) => `${key}: ${n} block${n === 1 ? '' : 's'}`).join('; ');
    process.stdout.write(
      `\nskipped for missing system packages: ${summary}. SAFERUN_REQUIRE_ALL=1 makes these failures.\n`,
    );
  };
}
