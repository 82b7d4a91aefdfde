// Splits a command line into argv the way a POSIX shell splits words (quotes and backslashes),
// and nothing more: `$`, globs, `;`, `|` and redirections are plain characters.

import { fileURLToPath } from 'node:url';
import { describeValue, SaferunError } from '../shared/index.js';

type QuoteState = 'none' | 'single' | 'double';

class WordSplitter {
  private readonly words: string[] = [];
  private word = '';
  private inWord = false;
  private quote: QuoteState = 'none';
  private escaping = false;

  addText(text: string): void {
    for (const char of text) this.addChar(char);
  }

  /** An interpolated value: joins the current word verbatim, never split or unquoted. */
  addLiteral(value: string): void {
    if (this.escaping) this.flushEscape();
    this.word += value;
    this.inWord = true;
  }

  /** An interpolated array: one argument per element. */
  addLiterals(values: readonly string[]): void {
    values.forEach((value, index) => {
      if (index > 0) this.endWord();
      this.addLiteral(value);
    });
  }

  finish(): string[] {
    if (this.quote !== 'none') {
      throw new SaferunError('ERR_COMMAND_SYNTAX', `Unterminated ${this.quote} quote in command`);
    }
    if (this.escaping) this.flushEscape();
    this.endWord();
    return this.words;
  }

  private addChar(char: string): void {
    if (this.escaping) {
      this.escaping = false;
      // Backslash-newline is a line continuation: both characters vanish, and between two words
      // it starts no word of its own.
      if (char === '\n') return;
      if (this.quote === 'double' && !'$`"\\'.includes(char)) this.word += '\\';
      this.word += char;
      this.inWord = true;
      return;
    }
    if (this.quote === 'single') {
      if (char === "'") this.quote = 'none';
      else this.word += char;
      return;
    }
    if (this.quote === 'double') {
      if (char === '"') this.quote = 'none';
      else if (char === '\\') this.escaping = true;
      else this.word += char;
      return;
    }
    if (char === ' ' || char === '\t' || char === '\n') this.endWord();
    else if (char === '\\') this.escaping = true;
    else if (char === "'" || char === '"') {
      this.quote = char === "'" ? 'single' : 'double';
      this.inWord = true;
    } else {
      this.word += char;
      this.inWord = true;
    }
  }

  private flushEscape(): void {
    this.escaping = false;
    this.word += '\\';
    this.inWord = true;
  }

  private endWord(): void {
    if (this.inWord) this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }
}

/** `parseCommand('echo "a b" c\\ d')` → `['echo', 'a b', 'c d']`. Throws SaferunError (ERR_COMMAND_SYNTAX). */
export function parseCommand(command: string): string[] {
  const splitter = new WordSplitter();
  splitter.addText(command);
  return splitter.finish();
}

/** Tagged-template form: each interpolated value stays exactly one argument (arrays: one each). */
export function parseTemplate(strings: TemplateStringsArray, values: readonly unknown[]): string[] {
  const splitter = new WordSplitter();
  strings.forEach((text, index) => {
    splitter.addText(text);
    if (index >= values.length) return;
    const value = values[index];
    if (Array.isArray(value)) splitter.addLiterals(value.map(stringifyValue));
    else splitter.addLiteral(stringifyValue(value));
  });
  return splitter.finish();
}

function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  // A file URL is the path it names (decoded); any other URL is passed whole.
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : value.href;
  throw new SaferunError(
    'ERR_COMMAND_SYNTAX',
    `Expected an interpolated value to be a string, number or array of them, got ${describeValue(value)}`,
  );
}

export function isTemplateStrings(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, 'raw');
}
