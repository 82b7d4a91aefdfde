// The same HTTP worker for all three set-ups of bench/ipc.js: one process alone, the saferun
// pool (BENCH_MODE=pool) and a `cluster` worker (BENCH_MODE=cluster).
import { createHash } from 'node:crypto';
import http from 'node:http';
import { parentChannel } from '../dist/ipc/index.js';

const block = Buffer.alloc(4096, 7);

// CPU work per request, as a real handler has (templating, JSON, auth): 64 SHA-256 of 4 KiB.
function work() {
  let digest = '';
  for (let i = 0; i < 64; i++) digest = createHash('sha256').update(block).update(digest).digest('hex');
  return digest;
}

const server = http.createServer((request, response) => {
  response.setHeader('content-type', 'text/plain');
  response.end(`${process.pid} ${work().slice(0, 8)}\n`);
});

if (process.env.BENCH_MODE === 'pool') {
  parentChannel().shareServer(server);
} else {
  server.listen(0, '127.0.0.1', () => {
    if (process.env.BENCH_MODE !== 'cluster') console.log(`port ${server.address().port}`);
  });
}
