import { constants } from 'node:os';
import { formatDuration, formatSize } from '../shared/index.js';
import type { ResultKind, RunError } from './types.js';

/** What a result's one-line message needs to know. */
export interface EndingFacts {
  kind: Exclude<ResultKind, 'ok'>;
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  error: RunError | undefined;
  timeoutMs?: number | undefined;
  maxBuffer?: number | undefined;
}

const MAX_COMMAND_CHARS = 500;

/** Messages are one line: a multi-line shell script shows as one, and a huge command is cut. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_COMMAND_CHARS ? `${flat.slice(0, MAX_COMMAND_CHARS)}…` : flat;
}

function signalNumber(signal: NodeJS.Signals): string {
  const number = (constants.signals as Record<string, number | undefined>)[signal];
  return number === undefined ? signal : `${signal} (${number})`;
}

function killedBy(signal: NodeJS.Signals | null): string {
  return signal ? ` (killed with ${signal})` : '';
}

/** `Command failed with exit code 3: make test`: what ended a run that is not ok, in one line. */
export function describeEnding(facts: EndingFacts): string {
  const command = oneLine(facts.command);
  switch (facts.kind) {
    case 'exit':
      return `Command failed with exit code ${facts.exitCode}: ${command}`;
    case 'signal':
      return `Command was killed by ${signalNumber(facts.signal!)}: ${command}`;
    case 'timeout':
      return `Command timed out after ${formatDuration(facts.timeoutMs ?? 0)}${killedBy(facts.signal)}: ${command}`;
    case 'aborted':
      return `Command was aborted${facts.error ? ' before it started' : killedBy(facts.signal)}: ${command}`;
    case 'output-limit':
      return `Command's output passed maxBuffer (${formatSize(facts.maxBuffer ?? 0)})${killedBy(facts.signal)}: ${command}`;
    // Their error says it already: ``Command `gcc`: not found in PATH``, ``Expected `timeout` to be ...``.
    case 'spawn-error':
    case 'invalid-options':
      return oneLine(facts.error!.message);
  }
}
