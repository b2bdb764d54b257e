// Runs in a fresh project that installed the packed @stride/core-tensor and
// @stride/kernels-cpu tarballs, under Node, Bun and Deno. Plain JS on purpose:
// it must run exactly as a user's first script would.
import { tensor, randn, setBackend, functional as F } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';

const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.versions.node}`;

// Two threads, so the worker pool starts; the script must still exit when it ends.
const backend = cpu({ threads: 2 });
setBackend(backend);

const H = 4,
  W = 4,
  K = 3,
  PAD = 1;
const xs = Array.from({ length: H * W }, (_, i) => i + 1);
const ws = Array.from({ length: K * K }, (_, i) => (i - 4) / 10);

const x = tensor(xs, [1, 1, H, W], { requiresGrad: true });
const w = tensor(ws, [1, 1, K, K], { requiresGrad: true });
const y = F.conv2d(x, w, undefined, { padding: PAD });
y.sum().backward();
const got = Array.from(w.grad.dataSync());

// d(sum y)/dw[a][b] is the sum of the input window that w[a][b] touches:
// x[i + a - PAD][j + b - PAD] over every output position (i, j), zero outside x.
const expected = [];
for (let a = 0; a < K; a++) {
  for (let b = 0; b < K; b++) {
    let s = 0;
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < W; j++) {
        const r = i + a - PAD,
          c = j + b - PAD;
        if (r >= 0 && r < H && c >= 0 && c < W) s += xs[r * W + c];
      }
    }
    expected.push(s);
  }
}

console.log(`${runtime}: w.grad = [${got.join(', ')}]`);
const bad = got.length !== expected.length || got.some((g, i) => Math.abs(g - expected[i]) > 1e-4 * Math.max(1, Math.abs(expected[i])));
if (bad) {
  console.error(`${runtime}: expected w.grad = [${expected.join(', ')}]`);
  process.exit(1);
}
// A matmul large enough to be split across the workers, checked against a plain loop.
const n = 96;
const a = randn([n, n], { seed: 1 });
const prod = Array.from(a.matmul(a).dataSync());
const av = Array.from(a.dataSync());
let worst = 0;
for (let i = 0; i < n; i++) {
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < n; p++) s += av[i * n + p] * av[p * n + j];
    worst = Math.max(worst, Math.abs(s - prod[i * n + j]));
  }
}
console.log(`${runtime}: ${backend.threads} threads, matmul ${n} worst error ${worst.toExponential(2)}`);
if (!(worst < 1e-3)) process.exit(1);
console.log(`${runtime}: smoke ok`);
