import { describe, it } from 'vitest';
import { tidy, type Tensor } from '@stride/core-tensor';
import { batchNorm, groupNorm, instanceNorm, layerNorm } from '../src/index.js';
import { expectClose, fromFixture, loadCases, RTOL, type FixtureTensor } from './fixtures.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

interface FunctionalCase {
  name: string;
  op: 'batchNorm' | 'layerNorm' | 'groupNorm' | 'instanceNorm';
  options: { training?: boolean; momentum?: number; eps: number; normalizedShape?: number[]; numGroups?: number; useInputStats?: boolean };
  inputs: Partial<Record<'x' | 'weight' | 'bias' | 'runningMean' | 'runningVar', FixtureTensor>>;
  gy: FixtureTensor;
  expected: Record<string, FixtureTensor>;
  rtol?: number;
}

type Inputs = Partial<Record<keyof FunctionalCase['inputs'], Tensor>>;

/** Calls the op the case names, in PyTorch's argument order. */
function call(c: FunctionalCase, t: Inputs): Tensor {
  const { x, weight, bias, runningMean, runningVar } = t;
  const o = c.options;
  switch (c.op) {
    case 'batchNorm':
      return batchNorm(x!, runningMean, runningVar, weight, bias, { training: o.training, momentum: o.momentum, eps: o.eps });
    case 'layerNorm':
      return layerNorm(x!, o.normalizedShape!, weight, bias, { eps: o.eps });
    case 'groupNorm':
      return groupNorm(x!, o.numGroups!, weight, bias, { eps: o.eps });
    case 'instanceNorm':
      return instanceNorm(x!, runningMean, runningVar, weight, bias, { useInputStats: o.useInputStats, momentum: o.momentum, eps: o.eps });
  }
}

const GRADIENTS = ['x', 'weight', 'bias'] as const;

describe('functional ops match PyTorch 1.13 (output, running stats, gradients of sum(out·gy))', () => {
  onBackendWithoutLeaks(cpu);

  for (const c of loadCases<FunctionalCase>('functional')) {
    it(c.name, () => {
      const rtol = c.rtol ?? RTOL;
      const inputs: Inputs = {};
      for (const [k, v] of Object.entries(c.inputs)) {
        inputs[k as keyof Inputs] = fromFixture(v, (GRADIENTS as readonly string[]).includes(k));
      }
      tidy(() => {
        const out = call(c, inputs);
        out.mul(fromFixture(c.gy)).sum().backward();
        expectClose('out', out, c.expected.out!, rtol);
      });
      for (const k of GRADIENTS) {
        if (c.expected[`grad_${k}`]) expectClose(`grad of ${k}`, inputs[k]!.grad, c.expected[`grad_${k}`]!, rtol);
      }
      for (const k of ['runningMean', 'runningVar'] as const) {
        if (c.expected[k]) expectClose(k, inputs[k], c.expected[k]!, rtol);
      }
      for (const t of Object.values(inputs)) t.dispose();
    });
  }
});
