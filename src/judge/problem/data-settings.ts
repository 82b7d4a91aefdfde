import { invalidField, isRecord } from './problem-error.js';
import { splitFlags } from './validator-flags.js';
import type { DataDir, DataTree } from './walk-data.js';

/** `secret/group1` → `secret`, `secret` → `''` (data/ itself), `''` → undefined. */
function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The directory and its ancestors up to data/, nearest first. */
function lineage(tree: DataTree, path: string): DataDir[] {
  const dirs: DataDir[] = [];
  for (let at: string | undefined = path; at !== undefined; at = parentPath(at)) {
    const dir = tree.dirs.get(at);
    if (dir) dirs.push(dir);
  }
  return dirs;
}

export interface Settings {
  values: Record<string, unknown>;
  label: string;
}

/**
 * The settings that apply to a directory. Legacy: the nearest settings file, whole ("the testdata.yaml
 * in the closest ancestor group that has one"). 2023-07: inherited keys come from the nearest directory
 * that sets each; `scoring` only from the directory's own file.
 */
export function settingsOf(tree: DataTree, path: string, modern: boolean): Settings {
  const dirs = lineage(tree, path);
  if (!modern) {
    const nearest = dirs.find((dir) => dir.settings !== undefined);
    return { values: nearest?.settings ?? {}, label: nearest?.settingsLabel ?? 'data/testdata.yaml' };
  }
  const values: Record<string, unknown> = {};
  for (const dir of [...dirs].reverse()) {
    for (const [key, value] of Object.entries(dir.settings ?? {})) {
      if (key !== 'scoring' || dir.path === path) values[key] = value;
    }
  }
  const label = dirs.find((dir) => dir.settingsLabel !== undefined)?.settingsLabel ?? 'data/test_group.yaml';
  return { values, label };
}

/**
 * The output validator's arguments for a directory's tests: `output_validator_flags` (a string, or a map
 * with `flags`) or the 2023-07 `output_validator_args` (a list).
 */
export function outputValidatorFlagsOf(settings: Settings): string[] {
  const raw = settings.values.output_validator_args ?? settings.values.output_validator_flags;
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') return splitFlags(raw);
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw;
  if (isRecord(raw) && typeof raw.flags === 'string') return splitFlags(raw.flags);
  throw invalidField(settings.label, 'output_validator_flags', 'a string or a list of strings', raw);
}

/** `on_reject: break` (the default) or `continue`. */
export function stopsOnReject(settings: Settings): boolean {
  const raw = settings.values.on_reject;
  if (raw === undefined || raw === 'break') return true;
  if (raw === 'continue') return false;
  throw invalidField(settings.label, 'on_reject', "'break' or 'continue'", raw);
}

/** A non-negative number field, or undefined when absent. */
export function readNonNegative(
  label: string,
  values: Record<string, unknown>,
  key: string,
  name = key,
): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
    throw invalidField(label, name, 'a non-negative number', raw);
  return raw;
}
