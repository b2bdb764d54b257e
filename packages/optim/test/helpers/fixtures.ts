import { readFileSync } from 'node:fs';
import { keep, tensor, type Tensor } from '@stride/core-tensor';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer, type ParamState } from '../../src/index.js';

/** A tensor as gen_fixtures.py stores it: a shape and its row-major values. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export type OptimizerName = 'SGD' | 'Adagrad' | 'RMSprop' | 'Adam' | 'AdamW';
type Options = Record<string, unknown>;

export interface OptimizerCase {
  name: string;
  note: string;
  optimizer: OptimizerName;
  options: Options;
  groups?: (Options & { params: number[] })[];
  params: FixtureTensor[];
  /** Each step's gradients; null where the parameter is frozen for that step (requiresGrad false). */
  grads: (FixtureTensor | null)[][];
  trajectory: FixtureTensor[][];
}

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8')) as T;
}

export const optimizerFixtures = readFixture<{ rtol: number; cases: OptimizerCase[] }>('optimizers.json');

export function fixtureCase(name: string): OptimizerCase {
  const c = optimizerFixtures.cases.find((x) => x.name === name);
  if (!c) throw new Error(`no optimizer fixture named ${name}`);
  return c;
}

/** Fresh leaf parameters holding a case's initial values; those frozen at the first step do not require grad. */
export function makeParams(c: OptimizerCase): Tensor[] {
  return c.params.map((t, i) => tensor(t.data, t.shape, { requiresGrad: c.grads[0]![i] !== null }));
}

/** Builds the case's optimizer over `params`, with its param groups where it has them. */
export function makeOptimizer(c: OptimizerCase, params: Tensor[]): Optimizer<{ lr: number }, ParamState> {
  const Ctor = { SGD, Adagrad, RMSprop, Adam, AdamW }[c.optimizer] as unknown as new (
    params: unknown,
    options: unknown,
  ) => Optimizer<{ lr: number }, ParamState>;
  const spec = c.groups ? c.groups.map((g) => ({ ...g, params: g.params.map((i) => params[i]!) })) : params;
  return new Ctor(spec, c.options);
}

/**
 * Gives each parameter the step's gradient the way a user does: a kept tensor, the old one
 * disposed. A null gradient freezes the parameter for the step, as fine-tuning does:
 * requiresGrad false and no grad (zeroGrad() leaves a frozen parameter's grad null).
 */
export function setGrads(params: readonly Tensor[], grads: readonly (FixtureTensor | null)[]): void {
  params.forEach((p, i) => {
    const spec = grads[i]!;
    p.grad?.dispose();
    p.grad = spec === null ? null : keep(tensor(spec.data, spec.shape));
    p.requiresGrad = spec !== null;
  });
}

/**
 * Fails naming the tensor and worst element unless `max|got - exp| <= atol + rtol * max|exp|`
 * (the tolerance is per tensor, because float32 error scales with the tensor's magnitude).
 */
export function expectClose(
  label: string,
  got: ArrayLike<number>,
  expected: FixtureTensor,
  rtol = optimizerFixtures.rtol,
  atol = 1e-7,
): void {
  if (got.length !== expected.data.length) throw new Error(`${label}: got ${got.length} values, PyTorch gives ${expected.data.length}`);
  const scale = Math.max(...expected.data.map(Math.abs));
  const allowed = atol + rtol * scale;
  let worst = 0;
  let worstDiff = -1;
  for (let i = 0; i < got.length; i++) {
    const diff = Math.abs(got[i]! - expected.data[i]!);
    const rank = Number.isNaN(diff) ? Infinity : diff;
    if (rank > worstDiff) [worst, worstDiff] = [i, rank];
  }
  if (worstDiff > allowed) {
    throw new Error(
      `${label} differs from PyTorch at index ${worst}: got ${got[worst]}, expected ${expected.data[worst]} (|diff| ${worstDiff} > ${allowed})`,
    );
  }
}
