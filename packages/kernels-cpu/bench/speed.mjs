// Quick throughput check of the built package (run `npm run build` here first):
//   node bench/speed.mjs [threads] [rows…]   rows: gemm conv lenet (default all)
// Medians of repeated runs; GFLOP/s counts 2·m·n·k per GEMM and per conv multiply-add.
import { functional as F, randn, setBackend, tensor, tidy } from '@stride/core-tensor';
import { SGD } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import { cpu } from '@stride/kernels-cpu';

const threadsArg = process.argv[2];
const threads = threadsArg && threadsArg !== 'default' ? Number(threadsArg) : undefined;
const rows = process.argv.slice(3);
const want = (r) => rows.length === 0 || rows.includes(r);
const backend = cpu(threads === undefined ? {} : { threads });
setBackend(backend);

function time(fn, { warmup = 2, samples = 7, budgetMs = 1500 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const ts = [];
  const start = performance.now();
  while (ts.length < samples && (ts.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

const out = [];
if (want('gemm')) {
  for (const n of [256, 512, 1024]) {
    const a = randn([n, n], { seed: 1 }),
      b = randn([n, n], { seed: 2 });
    const ms = time(() => tidy(() => a.matmul(b)).dispose() /* compute is synchronous */);
    out.push([`sgemm ${n}`, ms, (2 * n ** 3) / ms / 1e6, 'GFLOP/s']);
  }
}
if (want('conv')) {
  const cases = [
    ['lenet conv1', 64, 1, 20, 28, 5, 2, 1],
    ['lenet conv2', 64, 20, 50, 14, 5, 2, 1],
    ['resnet 3x3', 32, 64, 64, 32, 3, 1, 1],
    ['strided', 32, 64, 128, 32, 3, 1, 2],
  ];
  for (const [name, n, ci, co, size, k, pad, stride] of cases) {
    const x = randn([n, ci, size, size], { seed: 4 }),
      w = randn([co, ci, k, k], { seed: 5 });
    const os = Math.floor((size + 2 * pad - k) / stride) + 1;
    const flops = 2 * n * co * os * os * ci * k * k;
    const fwd = time(() => F.conv2d(x, w, null, { stride, padding: pad }).dispose());
    out.push([`${name} fwd`, fwd, flops / fwd / 1e6, 'GFLOP/s']);
    const xg = randn([n, ci, size, size], { seed: 4 });
    xg.requiresGrad = true;
    w.requiresGrad = true;
    const fb = time(
      () => {
        tidy(() => F.conv2d(xg, w, null, { stride, padding: pad }).sum().backward());
        xg.grad?.dispose();
        w.grad?.dispose();
        xg.grad = null;
        w.grad = null;
      },
      { samples: 5 },
    );
    out.push([`${name} fwd+bwd`, fb, (3 * flops) / fb / 1e6, 'GFLOP/s']);
    w.requiresGrad = false;
  }
}
if (want('lenet')) {
  const batch = 64;
  const model = lenet5();
  const x = randn([batch, 1, 28, 28], { seed: 21 });
  const y = tensor(
    Array.from({ length: batch }, (_, i) => i % 10),
    [batch],
    { dtype: 'int32' },
  );
  const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  model.train();
  const step = () => {
    const loss = tidy(() => {
      opt.zeroGrad();
      const l = F.crossEntropy(model.forward(x), y);
      l.backward();
      opt.step();
      return l;
    });
    loss.dataSync();
    loss.dispose();
  };
  const ms = time(step, { warmup: 5, samples: 40, budgetMs: 3000 });
  out.push(['lenet5 train b64', ms, (batch * 1000) / ms, 'img/s']);
}
for (const [name, ms, rate, unit] of out)
  console.log(`${name.padEnd(22)} ${ms.toFixed(2).padStart(9)} ms ${rate.toFixed(1).padStart(9)} ${unit}`);
backend.dispose?.();
