// The one CLI kit: every tool parses, validates, prints errors and ends the same way.
export { processIo, type CliIo } from './io.js';
export { makePaint, type Paint } from './paint.js';
export { UsageError } from './usage-error.js';
export { readVersion } from './read-version.js';
export { choiceOption, durationOption, integerOption, sizeOption } from './option-values.js';
export { parseCommandLine, reportUsageError, runTool, type CommandLine, type Tool } from './tool.js';
export { escapeForTerminal, escapeNameForTerminal, escapeStringsForTerminal } from './terminal-text.js';
