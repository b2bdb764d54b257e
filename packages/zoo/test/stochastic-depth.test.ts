import { describe, expect, it } from 'vitest';
import { noGrad, randn, tidy } from '@stride/core-tensor';
import { StochasticDepth } from '@stride/layers';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { BasicBlock, linearDropRates, resnet20, resnet56, type CifarResNet } from '../src/index.js';
import { expectClose, readFixture, type FixtureTensor } from './helpers/fixtures.js';
import { hashUniform, loadHashedState, type HashSpec } from './helpers/hash-init.js';
import { withModel } from './helpers/with-model.js';

type Architectures = Record<string, { params: number; keys: [string, number[]][] }>;
interface EvalCase {
  name: string;
  init: Record<string, HashSpec | null>;
  input: HashSpec & { shape: number[] };
  logits: FixtureTensor;
}

const blocksOf = (m: CifarResNet): BasicBlock[] => [m.layer1, m.layer2, m.layer3].flatMap((stage) => [...stage]) as BasicBlock[];

describe('CIFAR ResNets with stochastic depth (Huang et al. 2016)', () => {
  onBackendWithoutLeaks(cpu);

  it('block l of L drops with p·l/L: the linear decay rule', () => {
    expect(linearDropRates(0.5, 4)).toEqual([0.125, 0.25, 0.375, 0.5]);
  });

  it("gives resnet56's 27 blocks StochasticDepth(p·l/27, 'row'), in order, the last at p", () => {
    withModel(
      () => resnet56({ stochasticDepth: 0.5 }),
      (m) => {
        const blocks = blocksOf(m);
        expect(blocks).toHaveLength(27);
        blocks.forEach((b, i) => {
          expect(b.stochasticDepth).toBeInstanceOf(StochasticDepth);
          expect([b.stochasticDepth!.p, b.stochasticDepth!.mode]).toEqual([(0.5 * (i + 1)) / 27, 'row']);
        });
      },
    );
  });

  it('adds nothing without the option: every block keeps a plain residual sum', () => {
    withModel(resnet20, (m) => expect(blocksOf(m).every((b) => b.stochasticDepth === null)).toBe(true));
  });

  it("keeps resnet20's state-dict keys, order, shapes and parameter count", () => {
    const expected = readFixture<Architectures>('architectures').resnet20!;
    withModel(
      () => resnet20({ stochasticDepth: 0.2 }),
      (m) => {
        expect(Object.entries(m.stateDict()).map(([k, t]) => [k, [...t.shape]])).toEqual(expected.keys);
        expect(m.parameters().reduce((n, p) => n + p.numel(), 0)).toBe(expected.params);
      },
    );
  });

  it("is the identity in eval mode: resnet20's PyTorch logits, unchanged", () => {
    const c = readFixture<{ cases: EvalCase[] }>('eval_forward').cases.find((e) => e.name === 'resnet20')!;
    withModel(
      () => resnet20({ stochasticDepth: 0.5 }),
      (m) => {
        loadHashedState(m, c.init);
        m.eval();
        tidy(() =>
          expectClose(
            'logits',
            noGrad(() => m.forward(hashUniform(c.input, c.input.shape))),
            c.logits,
          ),
        );
      },
    );
  });

  it('in training drops the residual branch per sample and scales the kept ones by 1/(1 − p), never the shortcut', () => {
    const p = 0.5;
    withModel(
      () => new BasicBlock(4, 4),
      (block) => {
        tidy(() => {
          const x = randn([32, 4, 5, 5], { seed: 3 });
          // The branch alone, in training mode as the block runs it (batch statistics: no mask involved).
          const branch = noGrad(() =>
            block.bn2.forward(block.conv2.forward(block.relu.forward(block.bn1.forward(block.conv1.forward(x))))),
          );
          const kept = x
            .add(branch.div(1 - p))
            .relu()
            .dataSync();
          const dropped = x.relu().dataSync();
          block.stochasticDepth = new StochasticDepth(p, 'row', { seed: 11 });
          const out = noGrad(() => block.forward(x)).dataSync();
          const per = 4 * 5 * 5;
          const fates = Array.from({ length: 32 }, (_, n) => {
            const close = (ref: ArrayLike<number>) =>
              Array.from({ length: per }, (_, i) => n * per + i).every((i) => Math.abs(out[i]! - ref[i]!) <= 1e-5);
            return close(kept) ? 'kept' : close(dropped) ? 'dropped' : 'neither';
          });
          expect(fates).not.toContain('neither');
          expect(fates).toContain('kept');
          expect(fates).toContain('dropped');
        });
      },
    );
  });

  it('refuses a rate outside [0, 1], naming the option', () => {
    expect(() => resnet20({ stochasticDepth: 1.5 })).toThrow('CifarResNet: stochasticDepth must be a probability in [0, 1] but got 1.5');
  });
});
