import { describe, it, expect } from 'vitest';
import { tensor, tidy, type Tensor } from '@stride/core-tensor';
import { compareToFixture, type FixtureTensor } from '../fixture-compare.js';
import { fixtureOps, type FixtureArgs, type FixtureOptions } from '../fixture-ops.js';
// Static JSON imports rather than fs, so the suite also runs from a browser bundle, Bun and Deno.
import conv1d from '../../fixtures/conv1d.json' with { type: 'json' };
import conv2d from '../../fixtures/conv2d.json' with { type: 'json' };
import conv3d from '../../fixtures/conv3d.json' with { type: 'json' };
import convTranspose2d from '../../fixtures/convTranspose2d.json' with { type: 'json' };
import linear from '../../fixtures/linear.json' with { type: 'json' };
import maxPool2d from '../../fixtures/maxPool2d.json' with { type: 'json' };
import avgPool2d from '../../fixtures/avgPool2d.json' with { type: 'json' };
import adaptiveAvgPool2d from '../../fixtures/adaptiveAvgPool2d.json' with { type: 'json' };
import activations from '../../fixtures/activations.json' with { type: 'json' };
import softmax from '../../fixtures/softmax.json' with { type: 'json' };
import dropout from '../../fixtures/dropout.json' with { type: 'json' };
import crossEntropy from '../../fixtures/crossEntropy.json' with { type: 'json' };
import nllLoss from '../../fixtures/nllLoss.json' with { type: 'json' };
import mseLoss from '../../fixtures/mseLoss.json' with { type: 'json' };
import tensorOps from '../../fixtures/tensorOps.json' with { type: 'json' };
import batchNormTraining from '../../fixtures/batchNormTraining.json' with { type: 'json' };

/** One case written by scripts/gen_fixtures.py: PyTorch's float64 answer rounded to float32. */
interface FixtureCase {
  name: string;
  op: string;
  inputs: FixtureInput[];
  options: Record<string, unknown>;
  output: FixtureTensor;
  /** The upstream gradient: grads hold d/dinput of sum(output * gy). */
  gy: FixtureTensor;
  grads: Record<string, FixtureTensor>;
  rtol?: number;
}

interface FixtureInput extends FixtureTensor {
  name: string;
  requiresGrad?: boolean;
  dtype?: 'int32';
}

const FIXTURES: [string, unknown][] = [
  ['convolutions (conv1d)', conv1d],
  ['convolutions (conv2d)', conv2d],
  ['convolutions (conv3d)', conv3d],
  ['transposed convolution', convTranspose2d],
  ['linear', linear],
  ['max pooling', maxPool2d],
  ['average pooling', avgPool2d],
  ['adaptive average pooling', adaptiveAvgPool2d],
  ['activations', activations],
  ['softmax and logSoftmax', softmax],
  ['dropout', dropout],
  ['cross entropy', crossEntropy],
  ['negative log likelihood', nllLoss],
  ['mean squared error', mseLoss],
  ['tensor methods with broadcasting', tensorOps],
  ['batch normalisation in training mode', batchNormTraining],
];

/**
 * Registers one test per PyTorch fixture case: forward output and the gradient of every
 * differentiable input, each within the case's tolerance. Runs on the current default
 * backend and reads results with `await data()`, so every backend runs the same cases.
 */
export function fixtureSuite(): void {
  describe('matches PyTorch', () => {
    for (const [title, file] of FIXTURES) {
      describe(title, () => {
        for (const c of casesOf(file)) {
          it(`${c.name} matches PyTorch forward and backward`, () => checkCase(c));
        }
      });
    }
  });
}

async function checkCase(c: FixtureCase): Promise<void> {
  const call = fixtureOps[c.op];
  if (!call) throw new Error(`fixtures: no Stride call is defined for op '${c.op}'`);
  const created: Tensor[] = [];
  const args: FixtureArgs = {};
  for (const input of c.inputs) args[input.name] = track(created, toTensor(input));
  const options = withTensors(c.options, created);
  let y: Tensor | undefined;
  try {
    y = tidy(() => {
      const out = call(args, options);
      out.backward(tensor(Float32Array.from(c.gy.data), c.gy.shape));
      return out;
    });
    // An identity op (dropout in eval mode) may hand back its input; that one is disposed below.
    if (!created.includes(y)) created.push(y);

    const tol = { rtol: c.rtol };
    const failures = [compareToFixture(c.op, 'output', await y.data(), y.shape, c.output, tol)];
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

function casesOf(file: unknown): FixtureCase[] {
  return (file as { cases: FixtureCase[] }).cases;
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
