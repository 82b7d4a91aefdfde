import { isKnownStandard } from '../../compile/index.js';
import { MAX_TIMER_MS } from '../../shared/index.js';
import type { SandboxMode } from '../../sandbox/index.js';
import { choiceOption, durationOption, integerOption, sizeOption, UsageError, type CommandLine } from '../kit/index.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** What the command line asked for, validated. */
export interface CompileCheckArgs {
  paths: string[];
  /** `undefined`: text, plus GitHub annotations under GitHub Actions. `--json` is `json`. */
  format: Format | undefined;
  junit: string | undefined;
  sarif: string | undefined;
  /** `-c`: compile each file to an object, no link. */
  compileOnly: boolean;
  /** `-p DIR`: check the entries of `DIR/compile_commands.json`. */
  project: string | undefined;
  output: string | undefined;
  std: string | undefined;
  optimize: string | undefined;
  includeDirs: string[];
  defines: string[];
  flags: string[];
  compiler: string | undefined;
  cc: string | undefined;
  werror: boolean;
  syntaxOnly: boolean;
  timeoutMs: number | undefined;
  memoryLimitMb: number | false | undefined;
  jobs: number | undefined;
  cache: boolean;
  pch: boolean;
  cacheDir: string | undefined;
  sandbox: SandboxMode;
}

export const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  junit: { type: 'string' },
  sarif: { type: 'string' },
  'compile-only': { type: 'boolean', short: 'c' },
  project: { type: 'string', short: 'p' },
  cc: { type: 'string' },
  output: { type: 'string', short: 'o' },
  std: { type: 'string' },
  O: { type: 'string', short: 'O' },
  include: { type: 'string', short: 'I', multiple: true },
  define: { type: 'string', short: 'D', multiple: true },
  flags: { type: 'string', multiple: true },
  compiler: { type: 'string' },
  werror: { type: 'boolean' },
  'syntax-only': { type: 'boolean' },
  timeout: { type: 'string' },
  'memory-limit': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'no-cache': { type: 'boolean' },
  'no-pch': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  sandbox: { type: 'string' },
} as const;

const MIB = 1024 * 1024;

/** Splits `--flags "-Wall -Wextra -DLOCAL"` on white space (no shell quoting: one flag a word). */
function splitFlags(values: string[]): string[] {
  return values.flatMap((value) => value.split(/\s+/).filter(Boolean));
}

/** `--flags "-Wall -O3"`: parseArgs refuses a value starting with a dash unless it is joined with `=`. */
export function joinFlagValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--flags' && i + 1 < argv.length) joined.push(`--flags=${argv[++i]!}`);
    else if (argv[i] === '--') return [...joined, ...argv.slice(i)];
    else joined.push(argv[i]!);
  }
  return joined;
}

function memoryLimit(raw: string | undefined): number | false | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'none') return false;
  return Math.ceil(sizeOption('memory-limit', raw, { min: MIB, max: 1024 ** 4 }) / MIB);
}

function standard(raw: string | undefined): string | undefined {
  const std = raw?.replace(/^-std=/, '');
  if (std !== undefined && !isKnownStandard(std)) {
    throw new UsageError(`--std needs a language standard such as c++17, gnu++20 or c11, got '${raw!}'`);
  }
  return std;
}

function optimization(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^([0-3]|s|fast|g|z)$/.test(raw))
    throw new UsageError(`-O needs 0, 1, 2, 3, s, g or fast (as in -O2), got '${raw}'`);
  return `-O${raw}`;
}

function outputFormat(line: CommandLine): Format | undefined {
  const raw = line.string('format');
  const format = raw === undefined ? undefined : choiceOption('format', raw, FORMATS);
  if (line.flag('json') && format !== undefined && format !== 'json')
    throw new UsageError(`--json is --format json: it cannot go with --format ${format}`);
  return line.flag('json') ? 'json' : format;
}

// A C or C++ source or header: a path the user meant to check, never one to write over.
const SOURCE_NAME = /\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|h\+\+|inl|ipp|tcc)$/i;

/** `--sarif main.cpp other.cpp` (the report's file forgotten) would write the report over main.cpp. */
function refuseSourceAsOutput(option: string, value: string | undefined, example: string): void {
  if (value !== undefined && SOURCE_NAME.test(value))
    throw new UsageError(
      `${option} names where to write, and '${value}' is a source file: it would be overwritten`,
      `Name the file to write first, e.g. ${option} ${example}.`,
    );
}

/** Validates `compile-check [options] <file|dir>...` without touching the file system. */
export function buildCompileCheckArgs(line: CommandLine): CompileCheckArgs {
  const timeout = line.string('timeout');
  const jobs = line.string('jobs');
  const sandbox = line.string('sandbox');
  const args: CompileCheckArgs = {
    paths: line.positionals,
    format: outputFormat(line),
    junit: line.string('junit'),
    sarif: line.string('sarif'),
    compileOnly: line.flag('compile-only'),
    project: line.string('project'),
    output: line.string('output'),
    std: standard(line.string('std')),
    optimize: optimization(line.string('O')),
    includeDirs: line.strings('include'),
    defines: line.strings('define'),
    flags: splitFlags(line.strings('flags')),
    compiler: line.string('compiler'),
    cc: line.string('cc'),
    werror: line.flag('werror'),
    syntaxOnly: line.flag('syntax-only'),
    timeoutMs:
      timeout === undefined ? undefined : Math.ceil(durationOption('timeout', timeout, { min: 1, max: MAX_TIMER_MS })),
    memoryLimitMb: memoryLimit(line.string('memory-limit')),
    jobs: jobs === undefined ? undefined : integerOption('jobs', jobs, 1, 1024),
    cache: !line.flag('no-cache'),
    pch: !line.flag('no-pch'),
    cacheDir: line.string('cache-dir'),
    sandbox: sandbox === undefined ? 'none' : choiceOption('sandbox', sandbox, ['none', 'bwrap', 'auto'] as const),
  };
  refuseSourceAsOutput('--sarif', args.sarif, 'compile-check.sarif');
  refuseSourceAsOutput('--junit', args.junit, 'compile-check.xml');
  // With -c or -p, -o names a directory, and a file there is refused as such.
  if (!args.compileOnly && args.project === undefined) refuseSourceAsOutput('-o', args.output, 'program');
  if (args.paths.length === 0 && args.project === undefined)
    throw new UsageError('No files to check: give C or C++ files, directories, or -p BUILD_DIR');
  if (args.syntaxOnly && args.compileOnly)
    throw new UsageError(
      '-c and --syntax-only cannot go together: -c compiles to objects, --syntax-only generates no code',
    );
  // With -c (and -p, which compiles each entry on its own) -o names the directory of the objects.
  if (args.output !== undefined && args.paths.length > 1 && !args.compileOnly && args.project === undefined) {
    throw new UsageError(
      '-o keeps the binary of one file, but more than one was given',
      '-c -o DIR keeps one object file per source in DIR.',
    );
  }
  return args;
}
