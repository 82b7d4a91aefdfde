// Collects the skips of tests whose system packages are missing and prints them in one line at the end.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'saferun-skips-'));
  const log = join(dir, 'skips.jsonl');
  // Test workers inherit the environment: each appends a line per skipped block.
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
