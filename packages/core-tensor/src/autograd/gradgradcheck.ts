import type { Tensor } from '../tensor.js';
import { tidy } from '../memory/scope.js';
import { noGrad } from './grad-mode.js';
import { grad } from './backward.js';
import { randn, tensor, zeros } from '../ops/creation.js';
import { cat, reshape } from '../ops/shape-ops.js';
import { checkGradients, type GradcheckOptions } from './gradcheck.js';

/**
 * Second derivatives checked as torch.autograd.gradgradcheck: the vector-Jacobian product of
 * `fn` with a fixed random direction v, vᵀ∂fn/∂x, is itself a function of the inputs, and
 * gradcheck compares its gradient with finite differences. It passes only where the backward pass
 * records itself (`createGraph`) and every gradient rule on the way is differentiable.
 */
export function gradgradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  const backend = inputs[0]?.backend;
  if (!backend) throw new Error('gradgradcheck: expected at least one input tensor');
  const differentiable = inputs.map((t) => t.dtype !== 'int32');
  // The direction has the output's shape, so fn runs once to learn it.
  const outShape = noGrad(() =>
    tidy(() => {
      const xs = inputs.map((t, i) =>
        differentiable[i] ? tensor(Float64Array.from(t.dataSync()), t.shape, { dtype: 'float64', backend }) : t,
      );
      return [...fn(...xs).shape];
    }),
  );
  const v = randn(outShape, { dtype: 'float64', backend, seed: (opts.seed ?? 1234) + 1 });
  try {
    const vjp = (...xs: Tensor[]): Tensor => {
      const y = fn(...xs);
      const wrt = xs.filter((_, i) => differentiable[i]);
      const grads = grad(y, wrt, { gradOutput: v, createGraph: true });
      // An input the output does not depend on has a zero gradient, whose own gradient is zero.
      const flat = grads.map((g, i) => reshape(g ?? zeros(wrt[i]!.shape, { dtype: 'float64', backend }), [-1]));
      return cat(flat, 0);
    };
    return checkGradients('gradgradcheck', vjp, inputs, opts, true);
  } finally {
    v.dispose();
  }
}
