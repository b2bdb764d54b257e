import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { assertSameBackend } from '../ops/checks.js';
import { mul } from '../ops/elementwise.js';
import { checkDropProbability, dropScaled } from './drop-mask.js';

export interface StochasticDepthOptions {
  /** The probability of dropping (zeroing) a sample's, or the batch's, residual branch. */
  p: number;
  /** 'row': one draw per sample (dim 0); 'batch': one draw for the whole input. */
  mode: 'row' | 'batch';
  training?: boolean;
  /** Makes the draw reproducible; otherwise it comes from the global generator (manualSeed). */
  seed?: number;
}

/**
 * torchvision.ops.stochastic_depth (Huang et al. 2016): drops the input with probability p per
 * sample or for the whole batch, and scales what survives by 1/(1 − p). Identity in eval mode
 * or with p = 0; p = 1 gives zeros (torchvision skips the division when nothing survives).
 */
export function stochasticDepth(x: Tensor, opts: StochasticDepthOptions): Tensor {
  const op = 'stochasticDepth';
  const { p, mode } = opts;
  checkDropProbability(op, p);
  if (mode !== 'row' && mode !== 'batch') throw new Error(`${op}: mode must be 'row' or 'batch' but got '${String(mode)}'`);
  assertSameBackend(op, [['input', x]]);
  if (!(opts.training ?? true) || p === 0) return composite(() => mul(x, 1));
  if (mode === 'row' && x.ndim === 0) throw new Error(`${op}: mode 'row' needs a batch dimension but got a 0-d input`);
  if (p === 1) return composite(() => mul(x, 0));
  return composite(() => dropScaled(x, mode === 'row' ? x.shape.map((d, i) => (i === 0 ? d : 1)) : x.shape.map(() => 1), p, opts.seed));
}
