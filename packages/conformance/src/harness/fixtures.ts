import { expect } from 'vitest';
import { tensor, tidy, type Tensor } from '@stride/core-tensor';
import { compareToFixture, type FixtureTensor } from './fixture-compare.js';

/** A fixture file written by scripts/gen_fixtures.py. */
export interface FixtureFile {
  readonly cases: readonly FixtureCase[];
}

/** One case: PyTorch's float64 answer rounded to float32. */
export interface FixtureCase {
  name: string;
  /** The key of the op's entry in the family's `ops`. */
  op: string;
  inputs: FixtureInput[];
  options: Record<string, unknown>;
  output: FixtureTensor;
  /** The upstream gradient: grads hold d/dinput of sum(output * gy). */
  gy: FixtureTensor;
  grads: Record<string, FixtureTensor>;
  rtol?: number;
  /** PyTorch's int64 indices beside the output (pooling with returnIndices), compared exactly. */
  indices?: FixtureTensor;
}

interface FixtureInput extends FixtureTensor {
  name: string;
  requiresGrad?: boolean;
  dtype?: 'int32';
}

/** A fixture case's tensors by the names the generator gave them (x, weight, bias, input, target, a, b). */
export type FixtureArgs = Record<string, Tensor | undefined>;
/** A fixture case's options, already holding tensors where the fixture stored one (class weights). */
export type FixtureOptions = Record<string, unknown>;
/** An op's result: a tensor, or its output with the indices of its maxima (returnIndices). */
export type FixtureResult = Tensor | { readonly output: Tensor; readonly indices: Tensor };
/** How an op is called on a fixture case, written as a user would write it. */
export type FixtureCall = (t: FixtureArgs, o: FixtureOptions) => FixtureResult;
/** The options argument exactly as the Stride function declares it, to cast a case's options to. */
export type Opts<Fn extends (...args: never[]) => unknown, I extends number> = Parameters<Fn>[I];

/** The input named `name` of a fixture case. */
export function arg(t: FixtureArgs, name: string): Tensor {
  const value = t[name];
  if (!value) throw new Error(`fixture case has no input named '${name}'`);
  return value;
}

/** A fixture JSON as imported (its literal types are wider than the generator's schema). */
export function fixtureFile(json: unknown): FixtureFile {
  return json as FixtureFile;
}

/** Every case of `op` in `files`, in file order. */
export function casesOf(files: readonly FixtureFile[], op: string): FixtureCase[] {
  return files.flatMap((f) => f.cases.filter((c) => c.op === op));
}

/**
 * Runs one case on the current default backend: the forward output and the gradient of every
 * differentiable input must each match PyTorch within the case's tolerance. Results are read
 * with `await data()`, so every backend runs the same cases.
 */
export async function checkFixture(c: FixtureCase, call: FixtureCall): Promise<void> {
  const created: Tensor[] = [];
  const args: FixtureArgs = {};
  for (const input of c.inputs) args[input.name] = track(created, toTensor(input));
  const options = withTensors(c.options, created);
  try {
    const result = tidy(() => {
      const r = call(args, options);
      // A case without gradients (an int32 or 0/1 result: argsort, all) checks the forward only.
      if (Object.keys(c.grads).length > 0) ('output' in r ? r.output : r).backward(tensor(Float32Array.from(c.gy.data), c.gy.shape));
      return r;
    });
    const [y, indices] = 'output' in result ? [result.output, result.indices] : [result, undefined];
    // An identity op (dropout in eval mode) may hand back its input; that one is disposed below.
    for (const t of [y, indices]) if (t && !created.includes(t)) created.push(t);

    const tol = { rtol: c.rtol };
    const failures = [compareToFixture(c.op, 'output', await y.data(), y.shape, c.output, tol)];
    if (c.indices || indices) failures.push(await compareIndices(c, indices));
    for (const [name, expected] of Object.entries(c.grads)) {
      const grad = args[name]?.grad;
      failures.push(
        grad
          ? compareToFixture(c.op, `grad of ${name}`, await grad.data(), grad.shape, expected, tol)
          : `${c.op}: ${name} has no gradient after backward()`,
      );
    }
    const failed = failures.filter((f): f is string => f !== null);
    if (failed.length > 0) expect.fail(failed.join('\n'));
  } finally {
    for (const t of created) t.dispose();
  }
}

/** Indices must equal PyTorch's exactly, and come exactly where the case has them. */
async function compareIndices(c: FixtureCase, got: Tensor | undefined): Promise<string | null> {
  if (!c.indices) return `${c.op}: returned indices, but the PyTorch case has none`;
  if (!got) return `${c.op}: returned no indices, but the PyTorch case has them`;
  return compareToFixture(c.op, 'indices', await got.data(), got.shape, c.indices, { rtol: 0, atol: 0 });
}

function toTensor(input: FixtureInput): Tensor {
  if (input.dtype === 'int32') {
    return tensor(Int32Array.from(input.data), input.shape, { dtype: 'int32' });
  }
  return tensor(Float32Array.from(input.data), input.shape, { requiresGrad: input.requiresGrad ?? false });
}

/** Options as Stride takes them: a stored `{ shape, data }` (class weights) becomes a tensor. */
function withTensors(options: Record<string, unknown>, created: Tensor[]): FixtureOptions {
  const out: FixtureOptions = {};
  for (const [key, value] of Object.entries(options)) {
    out[key] = isFixtureTensor(value) ? track(created, tensor(Float32Array.from(value.data), value.shape)) : value;
  }
  return out;
}

function isFixtureTensor(value: unknown): value is FixtureTensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
}

function track(created: Tensor[], t: Tensor): Tensor {
  created.push(t);
  return t;
}
