import { describe, expect, it } from 'vitest';
import { ones, tensor, zeros, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Conv2d, Linear, Module, ReLU, Sequential } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

const net = () => new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Linear(4, 3));

/** Clones of a module's state dict, optionally edited; the caller disposes them. */
function snapshot(m: Module, edit: (sd: Record<string, Tensor>) => void = () => {}): Record<string, Tensor> {
  const sd = Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.clone()]));
  edit(sd);
  return sd;
}
const disposeAll = (sd: Record<string, Tensor>) => Object.values(sd).forEach((t) => t.dispose());

describe('loadStateDict', () => {
  it("copies values into the module's existing tensors, keeping their identity", () => {
    const src = net();
    const dst = net();
    const params = dst.parameters();
    const sd = snapshot(src);
    dst.loadStateDict(sd);
    expect(params.every((p, i) => p === dst.parameters()[i])).toBe(true);
    expect(params.map((p) => [...p.dataSync()])).toEqual(src.parameters().map((p) => [...p.dataSync()]));
    disposeAll(sd);
    src.dispose();
    dst.dispose();
  });

  it('keeps the loaded values after the state dict is disposed (it copies)', () => {
    const dst = new Linear(2, 1);
    const sd = { weight: tensor([[3, 4]]), bias: tensor([5]) };
    dst.loadStateDict(sd);
    disposeAll(sd);
    expect([...dst.weight.dataSync(), ...dst.bias!.dataSync()]).toEqual([3, 4, 5]);
    dst.dispose();
  });

  it('lists every missing key in one strict error, in PyTorch wording', () => {
    const dst = net();
    const sd = snapshot(dst, (s) => {
      s['0.bias']!.dispose();
      s['2.weight']!.dispose();
      delete s['0.bias'];
      delete s['2.weight'];
    });
    expect(() => dst.loadStateDict(sd)).toThrow('Missing key(s) in state dict: "0.bias", "2.weight".');
    disposeAll(sd);
    dst.dispose();
  });

  it('lists every unexpected key in one strict error', () => {
    const dst = net();
    const sd = snapshot(dst, (s) => {
      s['1.weight'] = zeros([1]);
      s.extra = zeros([1]);
    });
    expect(() => dst.loadStateDict(sd)).toThrow('Unexpected key(s) in state dict: "1.weight", "extra".');
    disposeAll(sd);
    dst.dispose();
  });

  it('reports missing keys, unexpected keys and every shape mismatch together, naming the module', () => {
    const dst = net();
    const sd = snapshot(dst, (s) => {
      s['0.weight']!.dispose();
      s['0.weight'] = zeros([2, 1, 5, 5]);
      s['2.bias']!.dispose();
      s['2.bias'] = zeros([4]);
      s['2.weight']!.dispose();
      delete s['2.weight'];
      s['head.weight'] = zeros([1]);
    });
    let message = '';
    try {
      dst.loadStateDict(sd);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'loadStateDict: error(s) in loading state dict for Sequential:',
      '\tMissing key(s) in state dict: "2.weight".',
      '\tUnexpected key(s) in state dict: "head.weight".',
      '\tsize mismatch for 0.weight: copying a param with shape [2, 1, 5, 5] from checkpoint, the shape in current model is [2, 1, 3, 3].',
      '\tsize mismatch for 2.bias: copying a param with shape [4] from checkpoint, the shape in current model is [3].',
    ]);
    disposeAll(sd);
    dst.dispose();
  });

  it('copies nothing when the load fails', () => {
    const dst = new Linear(2, 1);
    const before = [...dst.weight.dataSync()];
    const sd = { weight: tensor([[3, 4]]), bias: zeros([2]) };
    expect(() => dst.loadStateDict(sd)).toThrow(/size mismatch for bias/);
    expect([...dst.weight.dataSync()]).toEqual(before);
    disposeAll(sd);
    dst.dispose();
  });

  it('with strict: false, loads the matching keys and returns the missing and unexpected ones', () => {
    const dst = new Linear(2, 1);
    const sd = { weight: tensor([[3, 4]]), other: zeros([1]) };
    const result = dst.loadStateDict(sd, { strict: false });
    expect(result).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['other'] });
    expect([...dst.weight.dataSync()]).toEqual([3, 4]);
    disposeAll(sd);
    dst.dispose();
  });

  it('with strict: false, still rejects shape mismatches (as PyTorch)', () => {
    const dst = new Linear(2, 1);
    const sd = { weight: zeros([1, 3]) };
    expect(() => dst.loadStateDict(sd, { strict: false })).toThrow('size mismatch for weight');
    disposeAll(sd);
    dst.dispose();
  });

  it("converts values to the target's backend and dtype", () => {
    const other = cpu();
    class Counter extends Module {
      declare count: Tensor;
      constructor() {
        super();
        this.registerBuffer('count', zeros([], { dtype: 'int32' }));
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const dst = new Counter();
    const sd = { count: tensor(7, [], { backend: other }) };
    dst.loadStateDict(sd);
    expect(dst.count.dtype).toBe('int32');
    expect(dst.count.backend).not.toBe(other);
    expect([...dst.count.dataSync()]).toEqual([7]);
    disposeAll(sd);
    dst.dispose();
  });

  it('loads into buffers as well as parameters', () => {
    class Stats extends Module {
      declare runningMean: Tensor;
      constructor() {
        super();
        this.registerBuffer('runningMean', zeros([2]));
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const dst = new Stats();
    const sd = { running_mean: ones([2]) };
    dst.loadStateDict(sd);
    expect([...dst.runningMean.dataSync()]).toEqual([1, 1]);
    disposeAll(sd);
    dst.dispose();
  });
});
