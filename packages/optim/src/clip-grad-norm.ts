import { full, noGrad, stack, tidy, zeros, type Tensor } from '@stride/core-tensor';

/**
 * Rescales gradients in place so that their total norm is at most `maxNorm`, as
 * torch.nn.utils.clip_grad_norm_: the norm of all gradients together (as if concatenated),
 * then every gradient times min(1, maxNorm / (total + 1e-6)). Parameters whose grad is null
 * are ignored; normType is a positive number or Infinity (the largest |g|).
 *
 * Returns the total norm before clipping as a 0-d tensor, as PyTorch does: nothing is read
 * back from the device, so it works on every backend without a sync. The caller owns it:
 * `await norm.item()` then dispose it, or let the training step's `tidy` dispose it.
 */
export function clipGradNorm(params: Tensor | readonly Tensor[], maxNorm: number, normType = 2): Tensor {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0))
    throw new Error(`clipGradNorm: maxNorm is ${String(maxNorm)} (expected a number >= 0)`);
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new Error(`clipGradNorm: normType is ${String(normType)} (expected a number > 0, or Infinity)`);
  }
  const list: readonly Tensor[] = Array.isArray(params) ? params : [params as Tensor];
  const grads = list.flatMap((p) => (p.grad === null ? [] : [p.grad]));
  if (grads.length === 0) return zeros([], list[0] ? { backend: list[0].backend } : undefined);
  return noGrad(() => {
    const total = tidy(() => vectorNorm(stack(grads.map((g) => vectorNorm(g, normType))), normType));
    tidy(() => {
      const coef = full([], maxNorm, { backend: total.backend }).div(total.add(1e-6)).clamp(undefined, 1);
      for (const g of grads) g.assign(g.mul(coef));
    });
    return total;
  });
}

/** The p-norm of all elements of `t`, as a 0-d tensor (torch.linalg.vector_norm). */
function vectorNorm(t: Tensor, p: number): Tensor {
  if (p === Infinity) return t.abs().max();
  if (p === 1) return t.abs().sum();
  if (p === 2) return t.square().sum().sqrt();
  return t
    .abs()
    .pow(p)
    .sum()
    .pow(1 / p);
}
