import type { Tensor } from '../tensor.js';
import { tidy } from '../memory/scope.js';
import { noGrad } from './grad-mode.js';
import { tensor, randn } from '../ops/creation.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { formatShape } from '../shape.js';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw with the worst mismatch (default, as PyTorch) instead of returning false. */
  raiseException?: boolean;
  seed?: number;
}

/**
 * Compares autograd with central finite differences in float64, as torch.autograd.gradcheck.
 * The output is projected on a fixed random direction v, so one backward pass gives the exact
 * vector-Jacobian product vᵀJ and each input element needs two forward passes.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): boolean {
  return checkGradients('gradcheck', fn, inputs, opts, false);
}

/**
 * gradcheck's comparison; `recordNumeric`: evaluate the finite differences with grad mode on and
 * inputs that require grad, for an `fn` that takes gradients itself (gradgradcheck's).
 */
export function checkGradients(
  op: string,
  fn: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradcheckOptions,
  recordNumeric: boolean,
): boolean {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const backend = inputs[0]?.backend;
  if (!backend) throw new Error(`${op}: expected at least one input tensor`);
  if (!backend.capabilities.dtypes.includes('float64') || !backend.readSync) {
    throw new Error(
      `${op}: backend '${backend.name}' needs float64 and synchronous reads for finite differences; run ${op} on the CPU backend`,
    );
  }
  const hosts = inputs.map((t) => Float64Array.from(t.dataSync()));
  const differentiable = inputs.map((t) => t.dtype !== 'int32');
  const make = (i: number, values: Float64Array, grad: boolean) =>
    differentiable[i] ? tensor(values, inputs[i]!.shape, { dtype: 'float64', backend, requiresGrad: grad }) : inputs[i]!;

  return tidy(() => {
    const xs = hosts.map((h, i) => make(i, h, true));
    const y = fn(...xs);
    const v = randn(y.shape, { dtype: 'float64', backend, seed: opts.seed ?? 1234 });
    const projected = (out: Tensor) => sum(mul(out, v)).dataSync()[0]!;
    sum(mul(y, v)).backward();
    for (let i = 0; i < inputs.length; i++) {
      if (!differentiable[i]) continue;
      const analytic = xs[i]!.grad ? xs[i]!.grad!.dataSync() : new Float64Array(hosts[i]!.length);
      const host = hosts[i]!;
      for (let j = 0; j < host.length; j++) {
        const difference = () =>
          tidy(() => {
            const orig = host[j]!;
            host[j] = orig + eps;
            const plus = projected(fn(...hosts.map((h, k) => make(k, h, recordNumeric))));
            host[j] = orig - eps;
            const minus = projected(fn(...hosts.map((h, k) => make(k, h, recordNumeric))));
            host[j] = orig;
            return (plus - minus) / (2 * eps);
          });
        const numeric = recordNumeric ? difference() : noGrad(difference);
        const a = analytic[j]!;
        if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
          if (opts.raiseException === false) return false;
          throw new Error(
            `${op}: gradient of input ${i} (shape ${formatShape(inputs[i]!.shape)}) at flat index ${j} is ${a} by autograd ` +
              `but ${numeric} by finite differences (eps ${eps}, atol ${atol}, rtol ${rtol})`,
          );
        }
      }
    }
    return true;
  });
}
