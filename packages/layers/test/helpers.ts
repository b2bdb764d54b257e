import { afterEach, beforeEach, expect } from 'vitest';
import { memory, setBackend, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import type { Module } from '../src/index.ts';

setBackend(cpu());

export interface FlatTensor {
  shape: number[];
  data: number[];
}

/** A float32 tensor from a fixture record. */
export function fromFixture(f: FlatTensor): Tensor {
  return tensor(f.data, f.shape);
}

/** DESIGN.md's per-tensor tolerance: max|got − exp| ≤ atol + rtol·max|exp|, shapes equal. */
export function expectClose(got: Tensor, exp: FlatTensor, rtol = 1e-5, atol = 1e-7): void {
  expect([...got.shape]).toEqual(exp.shape);
  const values = got.dataSync();
  let worst = 0;
  let scale = 0;
  exp.data.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(values[i]! - e));
    scale = Math.max(scale, Math.abs(e));
  });
  expect(worst).toBeLessThanOrEqual(atol + rtol * scale);
}

/** Every test in the file must leave as many live tensors as it found. */
export function checkNoLeaks(): void {
  let before = 0;
  beforeEach(() => {
    before = memory().numTensors;
  });
  afterEach(() => {
    expect(memory().numTensors).toBe(before);
  });
}

/** scripts/gen_fixtures.py's record(): a module's state dict, an input, its output and the gradients of sum(output * g). */
export interface ForwardRecord {
  stateDict: Record<string, FlatTensor>;
  input: FlatTensor;
  g: FlatTensor;
  output: FlatTensor;
  grads: Record<string, FlatTensor>;
}

/**
 * Loads PyTorch's weights by name, runs sum(module(x)·g) backward in eval mode, and compares the
 * output and the gradients of the input and of every parameter with PyTorch's.
 */
export function checkAgainstTorch(module: Module, rec: ForwardRecord): void {
  const sd = Object.fromEntries(Object.entries(rec.stateDict).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  Object.values(sd).forEach((t) => t.dispose());
  module.eval();
  const x = fromFixture(rec.input);
  x.requiresGrad = true;
  const y = tidy(() => {
    const out = module.forward(x);
    out.mul(fromFixture(rec.g)).sum().backward();
    return out;
  });
  expectClose(y, rec.output);
  expectClose(x.grad!, rec.grads.input!);
  for (const [name, p] of module.namedParameters()) expectClose(p.grad!, rec.grads[name]!);
  y.dispose();
  x.dispose();
  module.dispose();
}
