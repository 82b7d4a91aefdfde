// The docs test: README.md and every page of docs/ are checked as a reader would use them.
//
// - A ```js block runs as written: `node --input-type=module -e CODE` from the repository root,
//   where `import ... from 'saferun'` resolves to this package itself through package.json
//   "exports" (so `npm run build` first; `npm test` does). A private Redis is passed as REDIS_URL.
//   When its first line is a comment naming a file of the repository (`// fixtures/ipc/example.js`),
//   the block is a listing of that file instead, and must match it (the file's own test runs it).
// - Output convention: a `// => TEXT` comment, at the end of a code line or on a line of its own,
//   shows one line the example prints. When a block has any, the lines it prints must equal the
//   shown ones, in order. `...` in TEXT stands for any text (timings, sizes).
// - A ```json block right after an example (a ```js block, or a ```sh block of one `node bin/`
//   line) shows what that example prints: the printed JSON must have the same fields, with the same
//   JSON types, at every level (values may differ: times, temp paths).
// - Every ```sh line starting with `node bin/` runs and exits 0 or 1 (a checked program failed, as
//   some examples mean to), never 2 (a usage error). A trailing `# => TEXT` says the output
//   contains TEXT (`...` again matches any text).
// - Every repository path the pages name exists: tokens starting with fixtures/, src/, bench/,
//   test/, native/, bin/, docs/ or .ci/ in inline code and code blocks (globs and placeholders
//   skipped), and every markdown link to a local file, with its #anchor checked against the
//   target's headings.
// - Every `npm run X` names a script of package.json.
// ```ts blocks (sketches and signatures) and plain ``` blocks (output) are not run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, parseCommand } from '../src/process/index.js';
import { describeWith, itWith, needs, type Requirement } from './helpers/requirements.js';
import { startRedis, type RedisServer } from './queue/harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);

interface Block {
  page: string;
  lang: string;
  code: string;
  /** Offsets in the page, to tell which blocks follow each other. */
  start: number;
  end: number;
}

interface Example {
  page: string;
  /** The first line, for the test's title. */
  title: string;
  code: string;
  /** The lines the example shows it prints (`// => TEXT`). */
  shown: string[];
  /** The JSON block that follows it, if any. */
  json: string | undefined;
  redis: boolean;
}

interface ToolLine {
  page: string;
  line: string;
  args: string[];
  /** `# => TEXT`: the output contains it. */
  shows: string | undefined;
  json: string | undefined;
}

const FENCE = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

function blocksOf(page: string, text: string): Block[] {
  return [...text.matchAll(FENCE)].map((match) => ({
    page,
    lang: match[1]!,
    code: match[2]!,
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The JSON block that directly follows `block` (nothing but blank lines between them). */
function jsonAfter(blocks: Block[], index: number, text: string): string | undefined {
  const next = blocks[index + 1];
  if (next?.lang !== 'json') return undefined;
  return text.slice(blocks[index]!.end, next.start).trim() === '' ? next.code : undefined;
}

function listedFile(code: string): string | undefined {
  const path = /^\/\/ ([\w./-]+\.[cm]?js)\b/.exec(code)?.[1];
  return path !== undefined && existsSync(join(ROOT, path)) ? path : undefined;
}

function shownOutput(code: string): string[] {
  return code.split('\n').flatMap((line) => {
    const shown = /(?:^|\s)\/\/ => (.*)$/.exec(line)?.[1];
    return shown === undefined ? [] : [shown.trimEnd()];
  });
}

/** `...` in a shown line stands for any text. */
function pattern(shown: string, whole: boolean): RegExp {
  const body = shown
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(whole ? `^${body}$` : body);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Where the printed JSON differs in shape from the shown one: fields, JSON types, array lengths. */
function shapeDifferences(shown: unknown, printed: unknown, at = '$'): string[] {
  const [a, b] = [jsonType(shown), jsonType(printed)];
  if (a !== b) return [`${at}: shown ${a}, printed ${b}`];
  if (Array.isArray(shown) && Array.isArray(printed)) {
    if (shown.length !== printed.length) return [`${at}: shown ${shown.length} items, printed ${printed.length}`];
    return shown.flatMap((item, i) => shapeDifferences(item, printed[i], `${at}[${i}]`));
  }
  if (a !== 'object') return [];
  const [x, y] = [shown as Record<string, unknown>, printed as Record<string, unknown>];
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  return [...keys].flatMap((key) => {
    if (!(key in x)) return [`${at}.${key}: printed, not shown`];
    if (!(key in y)) return [`${at}.${key}: shown, not printed`];
    return shapeDifferences(x[key], y[key], `${at}.${key}`);
  });
}

// Repository paths: a token that starts with one of these, at a word boundary.
const PATH_TOKEN = /(?<![\w./-])(?:fixtures|src|bench|test|native|bin|docs|\.ci)\/[^\s'"`),;\]]*/g;

/** Inline code spans and code blocks: the places a page names files. */
function codeTexts(text: string): string[] {
  const blocks = [...text.matchAll(FENCE)].map((match) => match[2]!);
  const prose = text.replace(FENCE, '');
  const spans = [...prose.matchAll(/``(.+?)``|`([^`\n]+)`/g)].map((match) => match[1] ?? match[2]!);
  return [...blocks, ...spans];
}

/** Paths named in `text` that do not exist; a path with spaces is tried with the words after it. */
function missingPaths(text: string): string[] {
  const missing: string[] = [];
  for (const match of text.matchAll(PATH_TOKEN)) {
    const token = match[0].replace(/(:\d+)+:?$/, '').replace(/[.:]+$/, '');
    if (/[*<>{}$]|\.\.\./.test(token)) continue;
    if (existsSync(join(ROOT, token))) continue;
    const following = /^(?: [^\s'"`]+){1,2}/.exec(text.slice(match.index + match[0].length))?.[0] ?? '';
    const words = following.split(' ').slice(1);
    const longer = words.map((_, i) => `${token} ${words.slice(0, i + 1).join(' ')}`.replace(/[.:,)]+$/, ''));
    if (!longer.some((candidate) => existsSync(join(ROOT, candidate)))) missing.push(token);
  }
  return missing;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of text.replace(FENCE, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Markdown links to local files (and anchors) that lead nowhere. */
function brokenLinks(page: string, text: string): string[] {
  const broken: string[] = [];
  for (const match of text.replace(FENCE, '').matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1]!;
    if (/^[a-z]+:/i.test(target)) continue;
    const [file = '', anchor] = target.split('#');
    const path = file === '' ? page : relative(ROOT, join(ROOT, dirname(page), file));
    if (!existsSync(join(ROOT, path))) {
      broken.push(target);
    } else if (anchor !== undefined && path.endsWith('.md')) {
      if (!anchorsOf(readFileSync(join(ROOT, path), 'utf8')).has(anchor)) broken.push(target);
    }
  }
  return broken;
}

const texts = new Map(PAGES.map((page) => [page, readFileSync(join(ROOT, page), 'utf8')]));
const listings: { page: string; path: string; code: string }[] = [];
const examples: Example[] = [];
const toolLines: ToolLine[] = [];
for (const [page, text] of texts) {
  const blocks = blocksOf(page, text);
  blocks.forEach((block, index) => {
    if (block.lang === 'js') {
      const path = listedFile(block.code);
      if (path !== undefined) {
        listings.push({ page, path, code: block.code });
        return;
      }
      examples.push({
        page,
        title: block.code.split('\n').find((line) => line.trim() !== '') ?? '',
        code: block.code,
        shown: shownOutput(block.code),
        json: jsonAfter(blocks, index, text),
        redis: block.code.includes('REDIS_URL'),
      });
    } else if (block.lang === 'sh') {
      const lines = block.code.split('\n').filter((line) => line.trim().startsWith('node bin/'));
      const json = lines.length === 1 ? jsonAfter(blocks, index, text) : undefined;
      for (const line of lines) {
        const command = line.replace(/\s+#.*$/, '').trim();
        const [, ...args] = parseCommand(command);
        toolLines.push({ page, line: command, args, shows: /\s#\s*=>\s*(.+)$/.exec(line)?.[1]?.trim(), json });
      }
    }
  });
}

const bodyLines = (text: string) => text.split('\n').slice(1).join('\n').trim();

describe('the docs: README.md and docs/*.md', () => {
  it('include every page of docs/ in the README', () => {
    const readme = texts.get('README.md')!;
    for (const page of PAGES.filter((p) => p !== 'README.md')) expect(readme).toContain(`](${page})`);
  });

  it('show and check the output of the README first example', () => {
    const first = examples.find((example) => example.page === 'README.md');
    expect(first?.shown.length).toBeGreaterThan(2);
  });

  it('have runnable examples and tool lines', () => {
    expect(examples.length).toBeGreaterThan(8);
    expect(examples.filter((example) => example.shown.length > 0).length).toBeGreaterThan(6);
    expect(toolLines.length).toBeGreaterThan(10);
    expect(toolLines.filter((tool) => tool.json !== undefined).length).toBe(2);
    expect(examples.filter((example) => example.json !== undefined).length).toBe(1);
  });

  it.each(PAGES)('%s names only repository paths that exist', (page) => {
    const missing = codeTexts(texts.get(page)!).flatMap(missingPaths);
    expect(missing).toEqual([]);
  });

  it.each(PAGES)('%s links only to files and headings that exist', (page) => {
    expect(brokenLinks(page, texts.get(page)!)).toEqual([]);
  });

  it.each(PAGES)('%s names only npm scripts that exist', (page) => {
    const named = [...texts.get(page)!.matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]!);
    expect(named.filter((script) => !SCRIPTS.includes(script))).toEqual([]);
  });

  it.each(listings.map((listing) => [listing.path, listing.page, listing.code]))(
    'the listing of %s in %s matches the file',
    (path, _page, code) => {
      expect(bodyLines(code)).toBe(bodyLines(readFileSync(join(ROOT, path), 'utf8')));
    },
  );
});

async function runExample(example: Example, env: Record<string, string>): Promise<void> {
  const result = await execFile(process.execPath, ['--input-type=module', '-e', example.code], {
    cwd: ROOT,
    timeout: 120_000,
    env,
  });
  const context = `${example.page}: ${example.title}\n${result.stdout}\n${result.stderr}`;
  expect(result.stderr, context).not.toMatch(/Error/);
  expect(result.kind, context).toBe('ok');
  if (example.shown.length > 0) {
    const printed = result.stdout.split('\n');
    expect(printed.length, context).toBe(example.shown.length);
    example.shown.forEach((shown, i) => expect(printed[i], context).toMatch(pattern(shown, true)));
  }
  if (example.json !== undefined) {
    expect(shapeDifferences(JSON.parse(example.json), JSON.parse(result.stdout)), context).toEqual([]);
  }
}

function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/index.js')))
    throw new Error("run `npm run build` first: the examples import 'saferun' from dist/");
}

/** What an example needs beyond g++: the toolchains its files and options name, and bubblewrap. */
function toolchainsOf(text: string): Requirement[] {
  const found: Requirement[] = [];
  if (/\.c\b|language: 'c'|fixtures\/compile\/project|build-run-validator/.test(text)) found.push(needs.gcc());
  if (/\.py\b|python/.test(text)) found.push(needs.python());
  if (/python-validator/.test(text)) found.push(needs.systemPython());
  if (/\.java\b/.test(text)) found.push(needs.java());
  if (/\.rs\b/.test(text)) found.push(needs.rustc());
  if (/\.go\b/.test(text)) found.push(needs.go());
  if (/sandbox: 'bwrap'|--sandbox bwrap|runSandboxedStep/.test(text)) found.push(needs.bwrap());
  return found;
}

describeWith([needs.gpp()], 'the docs examples', () => {
  beforeAll(requireBuild);
  const local = examples.filter((example) => !example.redis);

  for (const example of local) {
    itWith(
      toolchainsOf(example.code),
      `${example.page}: \`${example.title}\` runs and prints what it shows`,
      () => runExample(example, {}),
      180_000,
    );
  }

  for (const tool of toolLines) {
    itWith(
      toolchainsOf(tool.line),
      `${tool.page}: \`${tool.line}\` runs`,
      async () => {
        const result = await execFile(process.execPath, tool.args, { cwd: ROOT, timeout: 120_000 });
        const output = `${result.stdout}\n${result.stderr}`;
        // 0, or 1 when a checked program failed on purpose; never 2, a usage error.
        expect(result.kind === 'ok' || result.exitCode === 1, output).toBe(true);
        if (tool.shows !== undefined) expect(output).toMatch(pattern(tool.shows, false));
        if (tool.json !== undefined) {
          expect(shapeDifferences(JSON.parse(tool.json), JSON.parse(result.stdout)), output).toEqual([]);
        }
      },
      180_000,
    );
  }
});

describeWith([needs.gpp(), needs.redis()], 'the docs examples that need Redis', () => {
  // The queue examples read REDIS_URL: give them a private, real Redis.
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    requireBuild();
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  it.each(examples.filter((example) => example.redis).map((example) => [example.page, example.title, example]))(
    '%s: `%s` runs and prints what it shows',
    async (_page, _title, example) => runExample(example, { REDIS_URL: redis!.url }),
    180_000,
  );
});
