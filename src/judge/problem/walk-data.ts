import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { problemError } from './problem-error.js';
import { readYamlMap } from './read-config.js';

/** A directory under data/: a test group of the package format. */
export interface DataDir {
  /** Relative to data/: `''` (data itself), `sample`, `secret/group1`. */
  path: string;
  /** Its own settings file (test_group.yaml or testdata.yaml), when it has one. */
  settings?: Record<string, unknown>;
  /** That file's name relative to the package, for messages. */
  settingsLabel?: string;
  /** Subgroups, in order. */
  children: DataDir[];
  /** Names of the tests directly in it, in order. */
  tests: string[];
}

/** A test case: `secret/group1/01` for data/secret/group1/01.in. */
interface DataTest {
  name: string;
  dir: string;
  inputFile: string;
  answerFile?: string;
}

export interface DataTree {
  root: DataDir;
  /** Every directory by path, data/ itself as ''. */
  dirs: Map<string, DataDir>;
  tests: DataTest[];
  warnings: string[];
}

const SETTINGS_FILES = ['test_group.yaml', 'testdata.yaml'];

/** Lexicographic, by code unit, as the package format orders test cases and groups. */
function byName(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

async function readSettings(dataDir: string, path: string, warnings: string[], into: DataDir): Promise<void> {
  const found: string[] = [];
  for (const file of SETTINGS_FILES) {
    const label = join('data', path, file);
    const settings = await readYamlMap(join(dataDir, path, file), label);
    if (settings === undefined) continue;
    found.push(label);
    if (into.settings === undefined) Object.assign(into, { settings, settingsLabel: label });
  }
  if (found.length > 1) warnings.push(`${found.join(' and ')} both exist: ${found[0]} is read`);
}

interface Listing {
  /** Test case base names and subdirectories, in order. */
  entries: { key: string; kind: 'test' | 'dir' }[];
  /** The `.ans` files present. */
  answers: Set<string>;
}

async function listDir(dataDir: string, path: string): Promise<Listing> {
  const absolute = join(dataDir, path);
  const listing: Listing = { entries: [], answers: new Set() };
  for (const entry of await readdir(absolute, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    let isDir = entry.isDirectory();
    // Packages may link files within themselves: follow the link to see what it is.
    if (entry.isSymbolicLink())
      isDir = (await stat(join(absolute, entry.name)).catch(() => undefined))?.isDirectory() ?? false;
    if (isDir) listing.entries.push({ key: entry.name, kind: 'dir' });
    else if (entry.name.endsWith('.in') && entry.name.length > 3)
      listing.entries.push({ key: entry.name.slice(0, -3), kind: 'test' });
    else if (entry.name.endsWith('.ans')) listing.answers.add(entry.name);
  }
  listing.entries.sort(byName);
  return listing;
}

/**
 * Reads data/sample and data/secret recursively, test cases and subgroups in lexicographic order of
 * their base names, with each directory's settings file. A `NAME.in` needs `NAME.ans`.
 */
export async function walkData(packageDir: string): Promise<DataTree> {
  const dataDir = join(packageDir, 'data');
  const tree: DataTree = { root: { path: '', children: [], tests: [] }, dirs: new Map(), tests: [], warnings: [] };
  tree.dirs.set('', tree.root);
  await readSettings(dataDir, '', tree.warnings, tree.root);
  const seen = new Set<string>();
  const visit = async (path: string, parent: DataDir): Promise<void> => {
    const real = await realpath(join(dataDir, path));
    if (seen.has(real)) throw problemError(`data/${path} links back to a directory already read`);
    seen.add(real);
    const dir: DataDir = { path, children: [], tests: [] };
    parent.children.push(dir);
    tree.dirs.set(path, dir);
    await readSettings(dataDir, path, tree.warnings, dir);
    const { entries, answers } = await listDir(dataDir, path);
    for (const entry of entries) {
      const child = `${path}/${entry.key}`;
      if (entry.kind === 'dir') {
        // Only groups are plain names; NAME.files and the like belong to a test case.
        if (entry.key.includes('.'))
          tree.warnings.push(`data/${child} is not read (test case file dirs are not supported)`);
        else await visit(child, dir);
        continue;
      }
      const test: DataTest = { name: child, dir: path, inputFile: join(dataDir, `${child}.in`) };
      if (answers.has(`${entry.key}.ans`)) test.answerFile = join(dataDir, `${child}.ans`);
      dir.tests.push(child);
      tree.tests.push(test);
    }
  };
  for (const top of ['sample', 'secret']) {
    const present = await stat(join(dataDir, top)).catch(() => undefined);
    if (present?.isDirectory()) await visit(top, tree.root);
  }
  return tree;
}
