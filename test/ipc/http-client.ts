import http from 'node:http';

export type Reply = { ok: true; body: string } | { ok: false; error: string };

/** One GET on 127.0.0.1 that always settles: an answer, an error, or `timeout`. */
export function get(port: number, agent: http.Agent, path = '/', timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve(
          response.statusCode === 200
            ? { ok: true, body: body.trim() }
            : { ok: false, error: `status ${response.statusCode}` },
        ),
      );
      response.on('error', (error) => resolve({ ok: false, error: error.message }));
    });
    request.setTimeout(timeoutMs, () => {
      resolve({ ok: false, error: 'timeout' });
      request.destroy();
    });
    request.on('error', (error) =>
      resolve({ ok: false, error: (error as NodeJS.ErrnoException).code ?? error.message }),
    );
  });
}

/** Runs `count` calls of `task`, at most `concurrency` at a time. */
export async function runBounded<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}
