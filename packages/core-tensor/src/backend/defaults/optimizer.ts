import type { DefaultKernel } from './default-kernel.js';
import { arithmetic } from './arithmetic.js';

/**
 * Optimizer steps as the sequence of elementwise kernels the tensor ops would run, in
 * torch.optim's single-tensor order, each intermediate rounded to the parameter's dtype. A
 * backend's fused kernel must give the same bits (see packages/optim's PyTorch fixtures).
 */
export const sgdUpdate: DefaultKernel<'sgdUpdate'> = (b, param, grad, momentumBuffer, h) => {
  const e = arithmetic(b, param.shape, param.dtype);
  try {
    let d = h.weightDecay !== 0 ? e.binary('add', grad.id, e.binary('mul', param.id, h.weightDecay)) : grad.id;
    let buffer = null;
    if (h.momentum !== 0) {
      // PyTorch starts the buffer at the first gradient itself, without dampening.
      buffer = momentumBuffer
        ? e.binary('add', e.binary('mul', momentumBuffer.id, h.momentum), e.binary('mul', d, 1 - h.dampening))
        : d === grad.id
          ? e.copy(d)
          : d;
      d = h.nesterov ? e.binary('add', d, e.binary('mul', buffer, h.momentum)) : buffer;
      e.keep(buffer);
    }
    return { param: e.keep(e.binary('sub', param.id, e.binary('mul', d, h.lr))), momentumBuffer: buffer };
  } finally {
    e.dispose();
  }
};

export const adamUpdate: DefaultKernel<'adamUpdate'> = (b, param, grad, expAvg, expAvgSq, maxExpAvgSq, h) => {
  const e = arithmetic(b, param.shape, param.dtype);
  try {
    let p = param.id;
    let g = grad.id;
    if (h.weightDecay !== 0) {
      if (h.decoupledWeightDecay) p = e.binary('mul', p, 1 - h.lr * h.weightDecay);
      else g = e.binary('add', g, e.binary('mul', p, h.weightDecay));
    }
    const m = e.keep(e.binary('add', e.binary('mul', expAvg.id, h.beta1), e.binary('mul', g, 1 - h.beta1)));
    const v = e.keep(e.binary('add', e.binary('mul', expAvgSq.id, h.beta2), e.binary('mul', e.unary('square', g), 1 - h.beta2)));
    const max = maxExpAvgSq ? e.keep(e.binary('maximum', maxExpAvgSq.id, v)) : null;
    const stepSize = h.lr / (1 - h.beta1 ** h.step);
    // eps is added after the bias correction of √v, as torch.optim does.
    const denom = e.binary('add', e.binary('div', e.unary('sqrt', max ?? v), Math.sqrt(1 - h.beta2 ** h.step)), h.eps);
    const next = e.keep(e.binary('sub', p, e.binary('mul', e.binary('div', m, denom), stepSize)));
    return { param: next, expAvg: m, expAvgSq: v, maxExpAvgSq: max };
  } finally {
    e.dispose();
  }
};
