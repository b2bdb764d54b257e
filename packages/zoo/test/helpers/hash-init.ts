import { expect } from 'vitest';
import { tensor, zeros, type Tensor } from '@stride/core-tensor';
import type { Module } from '@stride/layers';

/** How scripts/gen_fixtures.py drew a tensor: `hash_uniform(seed, shape, low, high)`. */
export interface HashSpec {
  seed: number;
  low: number;
  high: number;
}

/**
 * The generator's deterministic values, recomputed exactly: murmur3's fmix32 of
 * (index + seed·0x9E3779B9) mod 2³², mapped to [low, high) in float64 and rounded to float32.
 * Integer steps are exact in both languages, so every element matches PyTorch's bit for bit.
 */
export function hashUniform(spec: HashSpec, shape: readonly number[]): Tensor {
  return tensor(
    hashUniformValues(
      spec,
      shape.reduce((a, b) => a * b, 1),
    ),
    [...shape],
  );
}

/** The first `n` values of `hashUniform(spec, …)`, as a plain array (a checkpoint's bytes are built from them). */
export function hashUniformValues(spec: HashSpec, n: number): Float32Array {
  const values = new Float32Array(n);
  const offset = Math.imul(spec.seed, 0x9e3779b9) >>> 0;
  for (let i = 0; i < n; i++) {
    let h = (i + offset) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    values[i] = spec.low + (spec.high - spec.low) * ((h >>> 0) / 4294967296);
  }
  return values;
}

/**
 * Loads the generator's weights into `model`: each entry from its spec, or zero where the spec
 * is null (num_batches_tracked). The fixture must name exactly the model's keys, as a strict
 * loadStateDict asks; the entries go in one at a time, so a 130M-parameter VGG never has a second
 * copy of its weights alive. Temporary tensors are disposed.
 */
export function loadHashedState(model: Module, specs: Record<string, HashSpec | null>): void {
  const own = model.stateDict();
  expect(Object.keys(specs).sort(), "the fixture's keys are the model's").toEqual(Object.keys(own).sort());
  for (const [key, spec] of Object.entries(specs)) {
    const target = own[key]!;
    const value = spec ? hashUniform(spec, target.shape) : zeros(target.shape, { dtype: target.dtype });
    try {
      model.loadStateDict({ [key]: value }, { strict: false });
    } finally {
      value.dispose();
    }
  }
}
