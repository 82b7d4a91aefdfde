// One server set-up of bench/ipc.js, in its own process: `single`, `pool <size>` or
// `cluster <size>`. Prints `port <n>` once it accepts connections.
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { createWorkerPool } from '../dist/ipc/index.js';

const [mode, rawSize = '4'] = process.argv.slice(2);
const size = Number(rawSize);
const worker = fileURLToPath(new URL('./ipc-http-worker.js', import.meta.url));

if (mode === 'single') {
  await import(worker);
} else if (mode === 'pool') {
  // killTree: false keeps the workers in this process's session, like cluster's workers: with
  // the kernel's autogroup scheduling, a session of their own would give each worker its own
  // CPU share on a busy machine, an unfair edge over cluster and the single process.
  const pool = createWorkerPool(worker, { size, killTree: false, env: { BENCH_MODE: 'pool' } });
  await pool.ready();
  const bound = await pool.listen(0, '127.0.0.1');
  if (!bound.ok) throw new Error(bound.error.message);
  console.log(`port ${bound.address.port}`);
  process.once('SIGTERM', () => void pool.close({ timeout: 2000 }));
} else if (mode === 'cluster') {
  cluster.setupPrimary({ exec: worker });
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === size) console.log(`port ${address.port}`);
  });
  for (let i = 0; i < size; i++) cluster.fork({ BENCH_MODE: 'cluster' });
  process.once('SIGTERM', () => {
    for (const each of Object.values(cluster.workers ?? {})) each?.kill('SIGKILL');
    process.exit(0);
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
