import { checkAllocatable, getBackend, noGrad, pcgHash, rand, tidy, type Backend, type Tensor } from '@stride/core-tensor';
import type { Module } from './module.js';
import { parameter } from './parameter.js';

/** Where and how a layer's parameters are created. */
export interface InitOptions {
  /** Makes the initial weights reproducible; otherwise they come from the global generator (`manualSeed`). */
  seed?: number;
  /** Backend for the parameters (default: the current backend). */
  backend?: Backend;
}

/**
 * The bound b of PyTorch's `kaiming_uniform_(w, a)`, which draws from U(−b, b):
 * gain = √(2 / (1 + a²)), b = gain · √(3 / fanIn). With PyTorch's default a = √5 for conv and
 * linear weights this is 1/√fanIn, the same bound PyTorch gives their biases.
 */
export function kaimingUniformBound(fanIn: number, a: number = Math.sqrt(5)): number {
  if (fanIn <= 0) return 0;
  const gain = Math.sqrt(2 / (1 + a * a));
  return gain * Math.sqrt(3 / fanIn);
}

/** A parameter drawn from U(−bound, bound), made outside any graph and kept out of any tidy. */
export function uniformParameter(shape: readonly number[], bound: number, opts: InitOptions = {}): Tensor {
  const t = noGrad(() =>
    tidy(() =>
      rand(shape, { seed: opts.seed, backend: opts.backend })
        .mul(2 * bound)
        .sub(bound),
    ),
  );
  return parameter(t);
}

/**
 * PyTorch's `reset_parameters` for conv and linear layers: weight ~ kaiming_uniform(a=√5),
 * bias ~ U(±1/√fanIn), with fanIn taken from the weight's shape as torch's
 * `_calculate_fan_in_and_fan_out` does: dim 1 times the kernel dims (so a transposed conv's
 * fanIn is out/groups·∏kernel). With a seed, the bias draws from a seed derived from it, so one
 * seed fixes both.
 */
export function initWeightAndBias(
  op: string,
  weightShape: readonly number[],
  biasLength: number,
  hasBias: boolean,
  opts: InitOptions,
): { weight: Tensor; bias: Tensor | null } {
  // Named after the layer, so `new Linear(1e6, 1e6)` says which layer is too large and by how much.
  checkAllocatable(op, weightShape, 'float32', opts.backend ?? getBackend());
  const fanIn = weightShape.slice(1).reduce((a, b) => a * b, 1);
  const weight = uniformParameter(weightShape, kaimingUniformBound(fanIn), opts);
  if (!hasBias) return { weight, bias: null };
  const biasSeed = opts.seed === undefined ? undefined : pcgHash(opts.seed >>> 0);
  const bias = uniformParameter([biasLength], fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0, { ...opts, seed: biasSeed });
  return { weight, bias };
}

/**
 * Registers `weight` and `bias` (null with `bias: false`) on a conv or linear layer, made by
 * initWeightAndBias: the one place those layers create their parameters.
 */
export function registerWeightAndBias(
  layer: Module,
  op: string,
  weightShape: readonly number[],
  biasLength: number,
  opts: InitOptions & { bias?: boolean },
): void {
  const { weight, bias } = initWeightAndBias(op, weightShape, biasLength, opts.bias ?? true, opts);
  layer.registerParameter('weight', weight);
  layer.registerParameter('bias', bias);
}
