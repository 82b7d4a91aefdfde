// Durations and sizes written by people (command lines, config files): a unit is required,
// since a bare `30` is 30 s to one tool and 30 ms to another.

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

export type ParsedUnit = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = String.raw`(\d+(?:\.\d*)?|\.\d+)`;

/** `500ms`, `2s`, `1.5s`, `2m`, `1h` → milliseconds (may be fractional). */
export function parseDuration(raw: string): ParsedUnit {
  const text = raw.trim().toLowerCase();
  const match = new RegExp(`^${NUMBER}\\s*([a-z]*)$`).exec(text);
  if (!match) return { ok: false, message: `a duration such as 500ms or 2s` };
  const unit = match[2]!;
  if (unit === '') return { ok: false, message: `a unit: ${match[1]}s or ${match[1]}ms` };
  const scale = DURATION_UNITS[unit];
  if (scale === undefined) return { ok: false, message: `a duration in ms, s, m or h, such as 500ms or 2s` };
  return { ok: true, value: Number(match[1]) * scale };
}

/** `64k`, `256m`, `256MiB`, `1g`, `1.5G`, `100b` → bytes (binary multiples: k is 1024). */
export function parseSize(raw: string): ParsedUnit {
  const text = raw.trim().toLowerCase();
  const match = new RegExp(`^${NUMBER}\\s*([a-z]*)$`).exec(text);
  if (!match) return { ok: false, message: `a size such as 256m or 1g` };
  const unit = match[2]!;
  if (unit === '') return { ok: false, message: `a unit: ${match[1]}m (MiB) or ${match[1]}k (KiB)` };
  // `m`, `mb` and `mib` all mean MiB, as isolate, docker and the JVM read them.
  const scale = /^([bkmgt])(i?b)?$/.exec(unit) ? SIZE_UNITS[unit[0]!] : undefined;
  if (scale === undefined || (unit[0] === 'b' && unit.length > 1)) {
    return { ok: false, message: `a size in b, k, m, g or t, such as 256m or 1g` };
  }
  return { ok: true, value: Math.round(Number(match[1]) * scale) };
}

/** 1500 → `1.5s`, 250 → `250ms`, 120000 → `2m`: the shortest exact spelling, for messages. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

/** 268435456 → `256m`, 1536 → `1.5k`, 100 → `100b`: binary multiples, for messages. */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [
    ['t', 1024 ** 4],
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const) {
    if (bytes >= scale && (bytes / scale) * 10 === Math.round((bytes / scale) * 10)) return `${bytes / scale}${unit}`;
  }
  return `${bytes}b`;
}
