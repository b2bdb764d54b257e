// Stride's WebGPU backend against @tensorflow/tfjs-backend-webgpu on the same adapter, in the
// same process: both get their GPU from one Dawn instance (the `webgpu` package) installed as
// navigator.gpu. Shapes: matmul 1024 and apps/bench's conv cases (forward; Stride's two
// backward passes too). Each timing is the median of 5 runs after 2 warm-ups, and each run
// ends by reading the result back, so queued work is counted for both.
//
//   npm run build && VK_ICD_FILENAMES=$(bash ../tooling/ensure-lavapipe.sh .vulkan) node scripts/bench-vs-tfjs.mjs
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]), userAgent: 'node' }, configurable: true });

const { functional: F, randn, setBackend, tidy } = await import('@stride/core-tensor');
const { webgpu } = await import('../dist/index.js');
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-webgpu');
tf.env().set('PROD', true);
await tf.setBackend('webgpu');
await tf.ready();
const stride = await webgpu();
setBackend(stride);

// apps/bench/src/cases/shapes.ts CONV_CASES
const CONV_CASES = [
  { name: 'LeNet conv1', n: 64, cIn: 1, cOut: 20, size: 28, k: 5, pad: 2, stride: 1 },
  { name: 'LeNet conv2', n: 64, cIn: 20, cOut: 50, size: 14, k: 5, pad: 2, stride: 1 },
  { name: 'ResNet 3×3', n: 32, cIn: 64, cOut: 64, size: 32, k: 3, pad: 1, stride: 1 },
  { name: 'strided', n: 32, cIn: 64, cOut: 128, size: 32, k: 3, pad: 1, stride: 2 },
];

async function median(run) {
  for (let i = 0; i < 2; i++) await run();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2];
}

const strideRun = (f) => async () => {
  const y = tidy(f);
  await y.data();
  y.dispose();
};
const tfRun = (f) => async () => {
  const y = tf.tidy(f);
  await y.data();
  y.dispose();
};

const rows = [];
const row = (name, flops, strideMs, tfMs) => {
  const gflops = (ms) => (ms === null ? '' : (flops / ms / 1e6).toFixed(2));
  rows.push({
    name,
    'stride ms': strideMs.toFixed(1),
    'stride GFLOP/s': gflops(strideMs),
    'tfjs ms': tfMs === null ? '-' : tfMs.toFixed(1),
    'tfjs GFLOP/s': gflops(tfMs),
    'tfjs/stride': tfMs === null ? '-' : (tfMs / strideMs).toFixed(2),
  });
};

{
  const n = 1024;
  const [a, b] = [randn([n, n], { seed: 1 }), randn([n, n], { seed: 2 })];
  const [ta, tb] = [tf.randomNormal([n, n]), tf.randomNormal([n, n])];
  row(`matmul ${n}`, 2 * n ** 3, await median(strideRun(() => a.matmul(b))), await median(tfRun(() => tf.matMul(ta, tb))));
  [a, b, ta, tb].forEach((t) => t.dispose());
}

for (const c of CONV_CASES) {
  const out = Math.floor((c.size + 2 * c.pad - c.k) / c.stride) + 1;
  const flops = 2 * c.n * c.cOut * out * out * c.cIn * c.k * c.k;
  const opts = { stride: c.stride, padding: c.pad };
  const x = randn([c.n, c.cIn, c.size, c.size], { seed: 3, requiresGrad: true });
  const w = randn([c.cOut, c.cIn, c.k, c.k], { seed: 4, requiresGrad: true });
  const dy = randn([c.n, c.cOut, out, out], { seed: 5 });
  const tx = tf.randomNormal([c.n, c.size, c.size, c.cIn]);
  const tw = tf.randomNormal([c.k, c.k, c.cIn, c.cOut]);
  const tdy = tf.randomNormal([c.n, out, out, c.cOut]);
  const pad = [
    [0, 0],
    [c.pad, c.pad],
    [c.pad, c.pad],
    [0, 0],
  ];
  row(
    `conv2d ${c.name} forward`,
    flops,
    await median(strideRun(() => F.conv2d(x, w, null, opts))),
    await median(tfRun(() => tf.conv2d(tx, tw, c.stride, pad))),
  );
  const g = {
    batch: c.n,
    inChannels: c.cIn,
    outChannels: c.cOut,
    groups: 1,
    inSize: [1, c.size, c.size],
    kernel: [1, c.k, c.k],
    stride: [1, c.stride, c.stride],
    dilation: [1, 1, 1],
    padBefore: [0, c.pad, c.pad],
    outSize: [1, out, out],
  };
  const dense = (t) => ({ id: t.asView().id, shape: t.shape, dtype: t.dtype });
  const kernel = (f) => async () => {
    const id = f();
    await stride.read(id);
    stride.disposeData(id);
  };
  row(`conv2d ${c.name} backward-input`, flops, await median(kernel(() => stride.convBackwardInput(dense(dy), dense(w), g))), null);
  row(`conv2d ${c.name} backward-weight`, flops, await median(kernel(() => stride.convBackwardWeight(dense(x), dense(dy), g))), null);
  [x, w, dy, tx, tw, tdy].forEach((t) => t.dispose());
}

console.log(`adapter: ${stride.adapter}`);
console.table(rows);
process.exit(0);
