import { describe, expect, it } from 'vitest';
import { tidy, type Tensor } from '@stride/core-tensor';
import type { Module } from '@stride/layers';
import { BatchNorm1d, BatchNorm2d, GroupNorm, InstanceNorm2d, LayerNorm } from '../src/index.js';
import { expectClose, fromFixture, loadCases, RTOL, type FixtureTensor } from './fixtures.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';

interface ModuleStep {
  training: boolean;
  x: FixtureTensor;
  gy: FixtureTensor;
  expected: Record<string, FixtureTensor | number>;
}

interface ModuleCase {
  name: string;
  module: 'BatchNorm1d' | 'BatchNorm2d' | 'LayerNorm' | 'GroupNorm' | 'InstanceNorm2d';
  args: (number | number[])[];
  options: Record<string, number | boolean | null>;
  init: Record<string, FixtureTensor>;
  stateDictKeys: string[];
  steps: ModuleStep[];
  rtol?: number;
}

/** Builds the module the case names from PyTorch's positional arguments and the camelCase options. */
function build(c: ModuleCase): Module {
  const [a, b] = c.args;
  const o = c.options as never;
  switch (c.module) {
    case 'BatchNorm1d':
      return new BatchNorm1d(a as number, o);
    case 'BatchNorm2d':
      return new BatchNorm2d(a as number, o);
    case 'LayerNorm':
      return new LayerNorm(a as number[], o);
    case 'GroupNorm':
      return new GroupNorm(a as number, b as number, o);
    case 'InstanceNorm2d':
      return new InstanceNorm2d(a as number, o);
  }
}

/** Starts the module from the case's random weight and bias (and running stats, where given). */
function loadInit(m: Module, init: ModuleCase['init']): void {
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(init)) sd[k] = fromFixture(v);
  m.loadStateDict(sd, { strict: false });
  for (const t of Object.values(sd)) t.dispose();
}

describe('modules match PyTorch 1.13 step by step (outputs, gradients, buffers)', () => {
  onBackendWithoutLeaks(cpu);

  for (const c of loadCases<ModuleCase>('modules')) {
    it(c.name, () => {
      const rtol = c.rtol ?? RTOL;
      const m = build(c);
      expect(Object.keys(m.stateDict()), 'state-dict keys').toEqual(c.stateDictKeys);
      loadInit(m, c.init);
      const params = Object.fromEntries(m.namedParameters());
      c.steps.forEach((step, i) => {
        const at = `step ${i + 1} (${step.training ? 'train' : 'eval'})`;
        m.train(step.training);
        m.zeroGrad();
        const x = fromFixture(step.x, true);
        tidy(() => {
          const out = m.forward(x);
          out.mul(fromFixture(step.gy)).sum().backward();
          expectClose(`${at} out`, out, step.expected.out as FixtureTensor, rtol);
        });
        expectClose(`${at} grad of x`, x.grad, step.expected.grad_x as FixtureTensor, rtol);
        x.dispose();
        for (const [name, p] of Object.entries(params)) {
          expectClose(`${at} grad of ${name}`, p.grad, step.expected[`grad_${name}`] as FixtureTensor, rtol);
        }
        const buffers = Object.fromEntries(m.buffers());
        for (const [name, t] of Object.entries(buffers)) {
          const want = step.expected[name];
          if (typeof want === 'number') expect([...t.dataSync()], `${at} ${name}`).toEqual([want]);
          else expectClose(`${at} ${name}`, t, want!, rtol);
        }
        expect(Object.keys(buffers).sort(), `${at} buffers`).toEqual(
          Object.keys(step.expected)
            .filter((k) => !k.startsWith('grad_') && k !== 'out')
            .sort(),
        );
      });
      m.dispose();
    });
  }
});
