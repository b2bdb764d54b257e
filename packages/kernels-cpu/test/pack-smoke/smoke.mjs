// Runs in a fresh project that installed the packed @stride/core-tensor and
// @stride/kernels-cpu tarballs, under Node, Bun and Deno. Plain JS on purpose:
// it must run exactly as a user's first script would.
import { tensor, setBackend, functional as F } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';

const runtime = globalThis.Deno ? `deno ${Deno.version.deno}`
  : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.versions.node}`;

setBackend(cpu());

const H = 4, W = 4, K = 3, PAD = 1;
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
        const r = i + a - PAD, c = j + b - PAD;
        if (r >= 0 && r < H && c >= 0 && c < W) s += xs[r * W + c];
      }
    }
    expected.push(s);
  }
}

console.log(`${runtime}: w.grad = [${got.join(', ')}]`);
const bad = got.length !== expected.length
  || got.some((g, i) => Math.abs(g - expected[i]) > 1e-4 * Math.max(1, Math.abs(expected[i])));
if (bad) {
  console.error(`${runtime}: expected w.grad = [${expected.join(', ')}]`);
  process.exit(1);
}
console.log(`${runtime}: smoke ok`);
