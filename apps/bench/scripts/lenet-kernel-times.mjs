// Where a LeNet-5 training step (batch 64, SGD with momentum) spends its time on the cpu
// backend: each kernel's calls per step and milliseconds per step (unary and binary by op),
// then the step's time in and outside the kernels. The `lenet5-train` row times the whole
// step; this splits it. It runs the built packages, from apps/bench:
//   npx turbo run build --filter=@stride/bench... && node scripts/lenet-kernel-times.mjs [threads, default 1]
import { functional as F, randn, setBackend, tensor, tidy } from '@stride/core-tensor';
import { SGD } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import { cpu } from '@stride/kernels-cpu';
const backend = cpu({ threads: Number(process.argv[2] ?? 1) });
const stats = new Map();
for (const key of Object.keys(backend)) {
  const f = backend[key];
  if (typeof f !== 'function' || ['write', 'read', 'readSync', 'disposeData', 'sync', 'dispose'].includes(key)) continue;
  backend[key] = (...args) => {
    const t0 = performance.now();
    const r = f(...args);
    const dt = performance.now() - t0;
    const label = key + (typeof args[0] === 'string' ? `:${args[0]}` : '');
    const s = stats.get(label) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += dt;
    stats.set(label, s);
    return r;
  };
}
setBackend(backend);
const batch = 64,
  model = lenet5();
const x = randn([batch, 1, 28, 28], { seed: 21 });
const y = tensor(
  Array.from({ length: batch }, (_, i) => i % 10),
  [batch],
  { dtype: 'int32' },
);
const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
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
for (let i = 0; i < 5; i++) step();
stats.clear();
const steps = 20,
  t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const total = (performance.now() - t0) / steps;
let inKernels = 0;
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
  inKernels += s.ms;
  console.log(k.padEnd(28), (s.calls / steps).toFixed(0).padStart(4), 'calls', (s.ms / steps).toFixed(2).padStart(8), 'ms');
}
console.log(
  `step ${total.toFixed(1)} ms (${((batch * 1000) / total).toFixed(0)} img/s), kernels ${(inKernels / steps).toFixed(1)} ms, outside kernels ${(total - inKernels / steps).toFixed(1)} ms`,
);
