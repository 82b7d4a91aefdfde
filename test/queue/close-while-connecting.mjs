// Run by connection.test.ts, against a server that accepts connections and never answers: a judge
// worker and a queue are closed while a connection attempt is in flight, after earlier attempts
// timed out. Prints 'closed', then 'survived' if the process is still alive a while later; the
// process must then exit by itself.
import { createJudgeQueue, startJudgeWorker } from '../../dist/queue/index.js';

const [port] = process.argv.slice(2);
// Short connect timeouts: attempts end (and are retried) every ~0.5 s. Stalled checks far apart:
// one armed after close would keep the process alive for ten minutes.
const connection = { url: `rediss://127.0.0.1:${port}`, connectTimeout: 500 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const closeAfter = async (thing, ms) => (await sleep(ms), thing.close());
await Promise.all([
  closeAfter(startJudgeWorker({ connection, stalledIntervalMs: 600_000 }), 1600),
  closeAfter(startJudgeWorker({ connection, stalledIntervalMs: 600_000 }), 2700),
  closeAfter(createJudgeQueue({ connection }), 1600),
]);
console.log('closed');
await sleep(1500);
console.log('survived');
