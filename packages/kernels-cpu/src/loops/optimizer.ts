import { defaults, type Backend, type OptionalKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

type OptimizerKernels = Pick<OptionalKernels, 'sgdUpdate' | 'adamUpdate'>;

const f = Math.fround;

/**
 * Optimizer steps in one pass per parameter for float32. Every intermediate goes through
 * Math.fround where the tensor ops would store a float32 result, and every hyperparameter is
 * rounded as a float32 scalar tensor would be, so the bits equal core's default (the ops in
 * torch.optim's single-tensor order). Other dtypes take core's defaults on `backend()`.
 */
export function optimizerKernels(backend: () => Backend): OptimizerKernels {
  return {
    sgdUpdate(param, grad, momentumBuffer, h) {
      if (param.dtype !== 'float32') return defaults.sgdUpdate(backend(), param, grad, momentumBuffer, h);
      const p = valuesOf(param.id) as Float32Array;
      const g = valuesOf(grad.id) as Float32Array;
      const buf = momentumBuffer ? (valuesOf(momentumBuffer.id) as Float32Array) : null;
      const n = p.length;
      const outP = uninitialized('float32', n) as Float32Array;
      const withMomentum = h.momentum !== 0;
      const outBuf = withMomentum ? (uninitialized('float32', n) as Float32Array) : null;
      const [wd, mom, keep, lr] = [f(h.weightDecay), f(h.momentum), f(1 - h.dampening), f(h.lr)];
      const decay = h.weightDecay !== 0;
      for (let i = 0; i < n; i++) {
        let d = g[i]!;
        if (decay) d = f(d + f(p[i]! * wd));
        if (outBuf) {
          // PyTorch starts the buffer at the first gradient itself, without dampening.
          const b = buf ? f(f(buf[i]! * mom) + f(d * keep)) : d;
          outBuf[i] = b;
          d = h.nesterov ? f(d + f(b * mom)) : b;
        }
        outP[i] = p[i]! - f(d * lr);
      }
      return { param: store(outP), momentumBuffer: outBuf ? store(outBuf) : null };
    },
    adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, h) {
      if (param.dtype !== 'float32') return defaults.adamUpdate(backend(), param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
      const [p, g, m0, v0] = [param, grad, expAvg, expAvgSq].map((d) => valuesOf(d.id) as Float32Array) as [
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const max0 = maxExpAvgSq ? (valuesOf(maxExpAvgSq.id) as Float32Array) : null;
      const n = p.length;
      const [outP, outM, outV] = [0, 1, 2].map(() => uninitialized('float32', n) as Float32Array) as [
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const outMax = max0 ? (uninitialized('float32', n) as Float32Array) : null;
      const decoupled = h.weightDecay !== 0 && h.decoupledWeightDecay;
      const coupled = h.weightDecay !== 0 && !h.decoupledWeightDecay;
      const [shrink, wd] = [f(1 - h.lr * h.weightDecay), f(h.weightDecay)];
      const [b1, c1, b2, c2] = [f(h.beta1), f(1 - h.beta1), f(h.beta2), f(1 - h.beta2)];
      const correction2 = f(Math.sqrt(1 - h.beta2 ** h.step));
      const [eps, stepSize] = [f(h.eps), f(h.lr / (1 - h.beta1 ** h.step))];
      for (let i = 0; i < n; i++) {
        let pi = p[i]!;
        let gi = g[i]!;
        if (decoupled) pi = f(pi * shrink);
        else if (coupled) gi = f(gi + f(pi * wd));
        const m = f(f(m0[i]! * b1) + f(gi * c1));
        const v = f(f(v0[i]! * b2) + f(f(gi * gi) * c2));
        let vMax = v;
        if (outMax) outMax[i] = vMax = Math.max(max0![i]!, v);
        outM[i] = m;
        outV[i] = v;
        // eps is added after the bias correction of √v, as torch.optim does.
        const denom = f(f(f(Math.sqrt(vMax)) / correction2) + eps);
        outP[i] = pi - f(f(m / denom) * stepSize);
      }
      return { param: store(outP), expAvg: store(outM), expAvgSq: store(outV), maxExpAvgSq: outMax ? store(outMax) : null };
    },
  };
}
