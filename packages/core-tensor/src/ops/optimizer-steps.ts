import type { AdamUpdate, DataId, SgdUpdate } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { fromKernel } from './create-tensor.js';
import { withDense } from './dense-operands.js';
import { noGrad } from '../autograd/grad-mode.js';

/*
 * Optimizer steps as one backend kernel per parameter (a fused pass where the backend has one,
 * else core's composition of elementwise kernels). The tensors keep their identity: each takes
 * its new buffer with `assign`, as the step written with tensor ops did. No graph is recorded.
 */

/**
 * torch.optim.SGD's step on `param`; returns the momentum buffer to keep when this step made it
 * (momentum on and `momentumBuffer` null), else null.
 */
export function sgdStep(param: Tensor, grad: Tensor, momentumBuffer: Tensor | null, h: SgdUpdate): Tensor | null {
  const op = 'sgdStep';
  const operands = [[param, op, 'param'], [grad, op, 'grad'], momentumBuffer && ([momentumBuffer, op, 'momentumBuffer'] as const)] as const;
  return noGrad(() =>
    withDense(operands, ([p, g, buf]) => {
      const out = param.backend.sgdUpdate(p, g, buf, h);
      assignFrom(param, out.param);
      if (out.momentumBuffer === null) return null;
      if (momentumBuffer) {
        assignFrom(momentumBuffer, out.momentumBuffer);
        return null;
      }
      return fromKernel(param.backend, out.momentumBuffer, param.shape, param.dtype);
    }),
  );
}

/** torch.optim.Adam/AdamW's step on `param` and its moments (amsgrad when `maxExpAvgSq` is given). */
export function adamStep(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor | null, h: AdamUpdate): void {
  const op = 'adamStep';
  const operands = [
    [param, op, 'param'],
    [grad, op, 'grad'],
    [expAvg, op, 'expAvg'],
    [expAvgSq, op, 'expAvgSq'],
    maxExpAvgSq && ([maxExpAvgSq, op, 'maxExpAvgSq'] as const),
  ] as const;
  noGrad(() =>
    withDense(operands, ([p, g, m, v, max]) => {
      const out = param.backend.adamUpdate(p, g, m, v, max, h);
      assignFrom(param, out.param);
      assignFrom(expAvg, out.expAvg);
      assignFrom(expAvgSq, out.expAvgSq);
      if (maxExpAvgSq && out.maxExpAvgSq) assignFrom(maxExpAvgSq, out.maxExpAvgSq);
    }),
  );
}

function assignFrom(target: Tensor, id: DataId): void {
  const value = fromKernel(target.backend, id, target.shape, target.dtype);
  target.assign(value);
  value.dispose();
}
