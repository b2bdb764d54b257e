import { full, noGrad, rand, randn, tidy, type Tensor } from '@stride/core-tensor';
import { isTensor } from '../module/parameter.js';

/** Draws from a fixed seed instead of the global generator (`manualSeed`). */
export interface SeedOptions {
  seed?: number;
}

/**
 * Gives `t` the values `make()` returns (same shape, dtype and backend), keeping its identity
 * (`assign`, as optimisers update parameters) so an optimiser holding it still sees it. Runs under
 * noGrad, as torch's init does, and frees every temporary.
 */
export function fillInPlace(op: string, t: Tensor, make: () => Tensor): Tensor {
  checkTensor(op, t);
  noGrad(() =>
    tidy(() => {
      t.assign(make());
    }),
  );
  return t;
}

export function checkTensor(op: string, t: Tensor): void {
  if (!isTensor(t)) throw new Error(`${op}: tensor must be a Tensor but got ${t === null ? 'null' : typeof t}`);
}

/** Random draws are float32 only, as torch's `uniform_`/`normal_` refuse integer tensors. */
export function checkFloat(op: string, t: Tensor): void {
  checkTensor(op, t);
  if (t.dtype !== 'float32') {
    throw new Error(`${op}: tensor must be float32 but got ${t.dtype} [${t.shape.join(', ')}]`);
  }
}

/** torch.nn.init.uniform_: fills `t` from U(a, b). */
export function uniform(t: Tensor, a = 0, b = 1, opts: SeedOptions = {}): Tensor {
  return uniformIn('init.uniform', t, a, b, opts);
}

/** torch.nn.init.normal_: fills `t` from N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1, opts: SeedOptions = {}): Tensor {
  return normalWith('init.normal', t, mean, std, opts);
}

/** torch.nn.init.constant_: fills `t` with `value` (integer tensors too). */
export function constant(t: Tensor, value: number): Tensor {
  if (typeof value !== 'number') throw new Error(`init.constant: value must be a number but got ${typeof value}`);
  return fillInPlace('init.constant', t, () => full(t.shape, value, { dtype: t.dtype, backend: t.backend }));
}

/** torch.nn.init.zeros_. */
export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

/** torch.nn.init.ones_. */
export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

/** U(a, b) under the name of the init that asked for it, so errors say which one. */
export function uniformIn(op: string, t: Tensor, a: number, b: number, opts: SeedOptions): Tensor {
  checkFloat(op, t);
  if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b)) {
    throw new Error(`${op}: expected a finite range a <= b (torch's [from, to)) but got a=${a}, b=${b}`);
  }
  return fillInPlace(op, t, () =>
    rand(t.shape, { seed: opts.seed, backend: t.backend })
      .mul(b - a)
      .add(a),
  );
}

/** N(mean, std²) under the name of the init that asked for it. */
export function normalWith(op: string, t: Tensor, mean: number, std: number, opts: SeedOptions): Tensor {
  checkFloat(op, t);
  if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) {
    throw new Error(`${op}: expected a finite mean and std >= 0 but got mean=${mean}, std=${std}`);
  }
  return fillInPlace(op, t, () => randn(t.shape, { seed: opts.seed, backend: t.backend }).mul(std).add(mean));
}
