import { beforeEach, describe, expect, it } from 'vitest';
import { keep, memory, setBackend, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { clipGradNorm } from '../src/index.js';
import { expectClose, readFixture, type FixtureTensor } from './helpers/fixtures.js';
import { expectNoLeaks } from './helpers/no-leaks.js';

setBackend(cpu());

interface ClipCase {
  normType: number | 'inf';
  maxNorm: number;
  totalNorm: number;
  clipped: FixtureTensor[];
}
const fixture = readFixture<{ grads: FixtureTensor[]; cases: ClipCase[] }>('clip.json');

let params: Tensor[] = [];
// Before each test (after the leak check's count): two parameters holding the fixture's grads.
expectNoLeaks(() => {
  for (const p of params) p.dispose();
});
beforeEach(() => {
  params = fixture.grads.map((g) => {
    const p = tensor(new Float32Array(g.data.length), g.shape, { requiresGrad: true });
    p.grad = keep(tensor(g.data, g.shape));
    return p;
  });
});

describe('clipGradNorm matches torch.nn.utils.clip_grad_norm_', () => {
  for (const c of fixture.cases) {
    const normType = c.normType === 'inf' ? Infinity : c.normType;
    const clips = c.clipped.some((t, i) => t.data.some((v, j) => v !== fixture.grads[i]!.data[j]));
    it(`normType ${normType}, maxNorm ${c.maxNorm}: returns the total norm and ${clips ? 'scales the grads by maxNorm / (total + 1e-6)' : 'leaves the grads unchanged'}`, () => {
      const total = clipGradNorm(params, c.maxNorm, normType);
      expect(total.shape).toEqual([]);
      expectClose('total norm', total.dataSync(), { shape: [], data: [c.totalNorm] });
      params.forEach((p, i) => expectClose(`grad ${i}`, p.grad!.dataSync(), c.clipped[i]!));
      total.dispose();
    });
  }

  it('ignores parameters whose grad is null', () => {
    const bare = tensor([100, 100], [2], { requiresGrad: true });
    const total = clipGradNorm([...params, bare], 100, 2);
    expectClose('total norm', total.dataSync(), { shape: [], data: [fixture.cases[0]!.totalNorm] });
    expect(bare.grad).toBeNull();
    total.dispose();
    bare.dispose();
  });

  it('returns a zero norm when no parameter has a gradient', () => {
    const bare = tensor([1, 2], [2], { requiresGrad: true });
    const total = clipGradNorm(bare, 1);
    expect(Array.from(total.dataSync())).toEqual([0]);
    total.dispose();
    bare.dispose();
  });

  it('keeps each gradient tensor, rescaling it in place', () => {
    const grads = params.map((p) => p.grad);
    clipGradNorm(params, 0.1).dispose();
    params.forEach((p, i) => expect(p.grad).toBe(grads[i]));
  });

  it('leaves nothing behind inside a tidy but what it returns', () => {
    const before = memory().numTensors;
    const total = tidy(() => clipGradNorm(params, 0.1, 3));
    expect(memory().numTensors).toBe(before + 1);
    total.dispose();
  });

  it('rejects a normType that is not positive', () => {
    expect(() => clipGradNorm(params, 1, 0)).toThrow('clipGradNorm: normType is 0 (expected a number > 0, or Infinity)');
  });

  it('rejects a negative maxNorm', () => {
    expect(() => clipGradNorm(params, -1)).toThrow('clipGradNorm: maxNorm is -1 (expected a number >= 0)');
  });
});
