import type { Tensor } from '../tensor.js';
import { isFloating } from '../dtype.js';
import { abs, add, compare, exp, log, mul, sub, where } from './elementwise.js';
import { extreme, reduceAxes, sum } from './reduce.js';
import { withGradient } from './own-gradient.js';
import { cast, reshape } from './shape-ops.js';
import { composite } from '../autograd/composite.js';

/**
 * torch.logsumexp: log Σ exp(x) over `dim` (one or several dims), shifted by the maximum so exp
 * cannot overflow; an infinite maximum shifts by 0, as torch does, so ±∞ come out exactly.
 * int32 inputs compute in float32. The gradient is softmax(x) · dy.
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  const axes = reduceAxes('logsumexp', x, dim);
  x.storage('logsumexp');
  if (!isFloating(x.dtype)) return composite(() => logsumexp(cast(x, 'float32'), dim, keepdim));
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = withGradient(
    'logsumexp',
    [x],
    () => {
      let max = x;
      for (const a of axes) max = extreme('max', max, a, true);
      const shift = where(compare('eq', abs(max), Infinity), 0, max);
      const result = add(log(sum(exp(sub(x, shift)), axes, true)), shift);
      return keepdim
        ? result
        : reshape(
            result,
            x.shape.filter((_, i) => !axes.includes(i)),
          );
    },
    (dy) => [composite(() => mul(reshape(dy, kept), exp(sub(x, reshape(out, kept)))))],
  );
  return out;
}
