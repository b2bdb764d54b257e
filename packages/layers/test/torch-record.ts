import { tensor, tidy, type Tensor } from '@stride/core-tensor';
import type { Module } from '../src/index.ts';
import { expectClose, fromFixture, type FlatTensor } from './helpers.ts';

/** One module's forward and backward in PyTorch (scripts/gen_fixtures.py's `record`). */
export interface TorchRecord {
  stateDict: Record<string, FlatTensor>;
  input: FlatTensor;
  /** MaxUnpool2d's second argument (int64 in PyTorch, int32 here). */
  indices?: FlatTensor;
  g: FlatTensor;
  output: FlatTensor;
  grads: Record<string, FlatTensor>;
}

/**
 * Loads PyTorch's state dict (parameters and buffers) by name, runs sum(module(x)·g) backward in
 * eval mode, and compares the output and the gradients of the input and of every parameter.
 * Disposes the module.
 */
export function checkAgainstTorch(module: Module, rec: TorchRecord): void {
  const sd = Object.fromEntries(Object.entries(rec.stateDict).map(([k, v]) => [k, fromFixture(v)]));
  module.loadStateDict(sd);
  Object.values(sd).forEach((t) => t.dispose());
  module.eval();
  const x = fromFixture(rec.input);
  x.requiresGrad = true;
  const indices = rec.indices ? tensor(Int32Array.from(rec.indices.data), rec.indices.shape, { dtype: 'int32' }) : null;
  try {
    const y = tidy(() => {
      const out: Tensor = indices ? module.forward(x, indices) : module.forward(x);
      out.mul(fromFixture(rec.g)).sum().backward();
      return out;
    });
    expectClose(y, rec.output);
    expectClose(x.grad!, rec.grads.input!);
    for (const [name, p] of module.namedParameters()) expectClose(p.grad!, rec.grads[name]!);
    y.dispose();
  } finally {
    x.dispose();
    indices?.dispose();
    module.dispose();
  }
}
