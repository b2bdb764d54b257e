// Raw sgemm timing on the wasm path, below the backend (bundle it first):
//   npx esbuild bench/sgemm.ts --bundle --platform=node --format=esm --outfile=/tmp/sgemm.mjs && node /tmp/sgemm.mjs THREADS N
import { wasmRuntime } from '../src/wasm/runtime.js';
import { threadPool } from '../src/pool/thread-pool.js';
import { sgemm } from '../src/fast/sgemm.js';
const rt = wasmRuntime()!;
const pool = threadPool(rt, Number(process.argv[2] ?? 2));
const n = Number(process.argv[3] ?? 1024);
const a = new Float32Array(n * n).map(() => Math.random());
const c = new Float32Array(n * n);
const M = { values: a, offset: 0, rowStride: n, colStride: 1 };
const run = () => sgemm(rt, pool, n, n, n, M, M, c, 0, false);
for (let i = 0; i < 3; i++) run();
const ts: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  run();
  ts.push(performance.now() - t0);
}
ts.sort((x, y) => x - y);
const ms = ts[ts.length >> 1]!;
console.log(
  pool.threads,
  n,
  ms.toFixed(2),
  'ms',
  ((2 * n ** 3) / ms / 1e6).toFixed(1),
  'GFLOP/s',
  'min',
  ((2 * n ** 3) / ts[0]! / 1e6).toFixed(1),
);
