import { join } from 'node:path';
import { FLOAT_TOKEN } from './validator-flags.js';
import { invalidField, problemError } from './problem-error.js';
import { readOptionalFile } from './read-config.js';
import { secondsToMs } from './read-limits.js';

/** What DOMjudge's own files say: `.timelimit` and `domjudge-problem.ini`. */
export interface DomjudgeFiles {
  /** `.timelimit` (seconds). */
  timelimitFileMs?: number;
  /** domjudge-problem.ini `timelimit` (seconds). */
  iniTimeLimitMs?: number;
  name?: string;
  points?: number;
  warnings: string[];
}

/** `key = value` lines as PHP's parse_ini_string reads them: `;` and `#` comments, [sections] ignored, quotes dropped. */
function parseIni(text: string, where: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#') || /^\[.*\]$/.test(trimmed)) continue;
    const match = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw problemError(`${where}:${index + 1}: expected \`key = value\`, got ${JSON.stringify(trimmed)}`);
    const value = match[2]!.trim();
    const quoted = /^"(.*)"$|^'(.*)'$/.exec(value);
    values[match[1]!] = quoted ? (quoted[1] ?? quoted[2]!) : value.replace(/\s*;.*$/, '');
  }
  return values;
}

function seconds(text: string, where: string, name: string): number {
  const trimmed = text.trim();
  return secondsToMs(FLOAT_TOKEN.test(trimmed) ? Number(trimmed) : trimmed, where, name);
}

/** Reads `.timelimit` and `domjudge-problem.ini` (each optional). */
export async function readDomjudgeFiles(dir: string): Promise<DomjudgeFiles> {
  const read: DomjudgeFiles = { warnings: [] };
  const timelimit = await readOptionalFile(join(dir, '.timelimit'));
  if (timelimit !== undefined) read.timelimitFileMs = seconds(timelimit, '.timelimit', 'the time limit');
  const ini = await readOptionalFile(join(dir, 'domjudge-problem.ini'));
  if (ini === undefined) return read;
  const where = 'domjudge-problem.ini';
  const values = parseIni(ini, where);
  if (values.timelimit !== undefined) read.iniTimeLimitMs = seconds(values.timelimit, where, 'timelimit');
  if (values.name !== undefined && values.name !== '') read.name = values.name;
  if (values.points !== undefined) {
    const points = Number(values.points);
    if (!FLOAT_TOKEN.test(values.points) || points < 0)
      throw invalidField(where, 'points', 'a non-negative number', values.points);
    read.points = points;
  }
  for (const key of ['special_compare', 'special_run']) {
    if (values[key])
      read.warnings.push(
        `${where}: ${key} = ${values[key]} names an executable stored in DOMjudge, which saferun cannot use; put the program in output_validators/`,
      );
  }
  return read;
}
