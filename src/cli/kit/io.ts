/** Where a tool writes and what it knows of its surroundings: tests pass their own to run `main` in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal: colour and progress lines only then. */
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

let stdoutClosed = false;

/**
 * The real stdout and stderr. A reader that goes away (`tool | head -1`) makes stdout fail with
 * EPIPE: from then on output is dropped quietly and the tool ends with its own exit code.
 */
export function processIo(): CliIo {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stdoutClosed = true;
    });
  }
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
}
