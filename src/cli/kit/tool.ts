import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';
import { readVersion } from './read-version.js';
import { UsageError } from './usage-error.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What a tool's command line asked for: one shape for every tool. */
export type Parsed<Args> =
  | { kind: 'run'; args: Args }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string; hint: string };

/** The raw command line after parseArgs, handed to a tool's own `build`. */
export interface CommandLine {
  positionals: string[];
  env: NodeJS.ProcessEnv;
  /** The value of a string option (the last one when repeated). */
  string: (name: string) => string | undefined;
  /** Every value of a repeatable string option, in order. */
  strings: (name: string) => string[];
  /** Whether a boolean option was given. */
  flag: (name: string) => boolean;
}

function commandLine(values: Record<string, unknown>, positionals: string[], env: NodeJS.ProcessEnv): CommandLine {
  return {
    positionals,
    env,
    string: (name) => {
      const value = values[name];
      return typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? (value.at(-1) as string | undefined)
          : undefined;
    },
    strings: (name) => {
      const value = values[name];
      return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
    },
    flag: (name) => values[name] === true,
  };
}

export interface Tool<Args> {
  /** The command's name, as typed: `judge`. */
  name: string;
  /** The text of `--help`. */
  usage: string;
  /** parseArgs options; `help` (`-h`) and `version` are added for every tool. */
  options: OptionSpecs;
  /** Whether the tool takes positional arguments. */
  positionals: boolean;
  /** Rewrites argv before parsing, e.g. to join `--flags "-Wall"` into one word parseArgs accepts. */
  prepareArgv?: (argv: string[]) => string[];
  /** Validates the command line into the tool's arguments; throws UsageError. */
  build: (line: CommandLine) => Args;
  /** Runs with valid arguments; resolves to the exit code (0 success, 1 a checked program failed, 2 an error). */
  run: (args: Args, io: CliIo) => Promise<number>;
}

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function helpHint(name: string): string {
  return `Run '${name} --help' for the options.`;
}

/** parseArgs' own message, cut to its first sentence: "Unknown option '--fast'". */
function tidyParseArgsMessage(error: Error): string {
  const first = error.message.split('\n')[0]!;
  return first
    .replace(/^Option '(.*?)' argument missing$/, "Option '$1' needs a value")
    .replace(/\. To specify a positional argument.*$/, '')
    .replace(/\. Did you forget to escape.*$/, '')
    .replace(/\.$/, '');
}

/** Parses argv for `tool` without touching the file system or running anything. */
export function parseCommandLine<Args>(tool: Tool<Args>, argv: string[], env: NodeJS.ProcessEnv = {}): Parsed<Args> {
  const hint = helpHint(tool.name);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: tool.prepareArgv ? tool.prepareArgv(argv) : argv,
      options: { ...tool.options, ...COMMON_OPTIONS },
      allowPositionals: tool.positionals,
      strict: true,
    });
  } catch (error) {
    return { kind: 'usage-error', message: tidyParseArgsMessage(error as Error), hint };
  }
  if (parsed.values.help === true) return { kind: 'help' };
  if (parsed.values.version === true) return { kind: 'version' };
  try {
    return { kind: 'run', args: tool.build(commandLine(parsed.values, parsed.positionals, env)) };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage-error', message: error.message, hint: error.hint ?? hint };
    throw error;
  }
}

/** Prints a usage error the one way every tool does: `name: message`, then a hint; exit code 2. */
export function reportUsageError(io: CliIo, name: string, message: string, hint = helpHint(name)): number {
  io.stderr(`${name}: ${message.replace(/\n/g, ' ')}\n${hint}\n`);
  return 2;
}

/**
 * Runs a tool the way every saferun CLI runs: `--help`, `--version` (`NAME VERSION`), usage errors
 * as one line and a hint with exit code 2 before anything runs, then the tool. Never throws and
 * never calls process.exit: an unexpected failure is one line and exit code 2, not a stack trace.
 */
export async function runTool<Args>(tool: Tool<Args>, argv: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCommandLine(tool, argv, io.env ?? {});
    switch (parsed.kind) {
      case 'help':
        io.stdout(tool.usage.endsWith('\n') ? tool.usage : `${tool.usage}\n`);
        return 0;
      case 'version':
        io.stdout(`${tool.name} ${readVersion()}\n`);
        return 0;
      case 'usage-error':
        return reportUsageError(io, tool.name, parsed.message, parsed.hint);
      case 'run':
        return await tool.run(parsed.args, io);
      default: {
        const unreachable: never = parsed;
        return unreachable;
      }
    }
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(io, tool.name, error.message, error.hint);
    io.stderr(`${tool.name}: internal error: ${(error as Error | undefined)?.message ?? String(error)}\n`);
    return 2;
  }
}
