import { describe, expect, it } from 'vitest';
import { functional as F, memory, ones, tensor, tidy } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Conv2d, Dropout, Flatten, Linear, ReLU, Sequential } from '../src/index.ts';
import { BatchNormLike } from './batch-norm-like.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

describe('train / eval', () => {
  it('is training after construction, and eval() turns every descendant off recursively', () => {
    const net = new Sequential(new Linear(2, 2), new Sequential(new Dropout(), new BatchNormLike(2)));
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.train(false);
    expect(net.at(1).training).toBe(false);
    net.dispose();
  });

  it('exposes training as read-only', () => {
    const m = new ReLU();
    expect(() => {
      (m as unknown as { training: boolean }).training = false;
    }).toThrow(TypeError);
  });
});

describe('lifetime and placement', () => {
  it('dispose() frees every parameter and buffer', () => {
    const net = new Sequential(new Conv2d(1, 2, 3), new Sequential(new BatchNormLike(2), new Linear(2, 2)));
    const all = [...net.parameters(), ...net.buffers().map(([, t]) => t)];
    net.dispose();
    expect(all.every((t) => t.isDisposed)).toBe(true);
  });

  it('parameters of a module constructed inside tidy survive it', () => {
    let net = new Sequential();
    tidy(() => {
      net = new Sequential(new Linear(2, 3), new BatchNormLike(3));
    });
    expect(net.parameters()).toHaveLength(4);
    expect([...net.parameters(), ...net.buffers().map(([, t]) => t)].some((t) => t.isDisposed)).toBe(false);
    net.dispose();
  });

  it('the canonical training step keeps parameters (identities and all) and leaks nothing from step to step', async () => {
    const net = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Flatten(), new Linear(2 * 4 * 4, 3));
    const params = net.parameters();
    const x = ones([2, 1, 6, 6]);
    const y = tensor([0, 2], [2], { dtype: 'int32' });
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 3; step++) {
      const loss = tidy(() => {
        net.zeroGrad();
        const loss = F.crossEntropy(net.forward(x), y);
        loss.backward();
        for (const p of params) p.assign(p.sub(p.grad!.mul(0.1)));
        return loss;
      });
      losses.push((await loss.data())[0]!);
      loss.dispose();
      counts.push(memory().numTensors);
    }
    expect(net.parameters().every((p, i) => p === params[i] && !p.isDisposed)).toBe(true);
    expect(counts[2]).toBe(counts[1]);
    expect(losses[2]).toBeLessThan(losses[0]!);
    x.dispose();
    y.dispose();
    net.dispose();
  });

  it('zeroGrad() frees gradients and sets them to null', () => {
    const fc = new Linear(3, 2);
    tidy(() =>
      fc
        .forward(ones([4, 3]))
        .sum()
        .backward(),
    );
    expect(fc.weight.grad).not.toBeNull();
    const grad = fc.weight.grad!;
    fc.zeroGrad();
    expect(fc.weight.grad).toBeNull();
    expect(grad.isDisposed).toBe(true);
    fc.dispose();
  });

  it('to(backend) moves every parameter and buffer, keeping values and requiresGrad, and frees the old ones', () => {
    const other = cpu();
    const net = new Sequential(new Linear(3, 2), new BatchNormLike(2));
    const old = net.stateDict();
    const before = Object.values(old).map((t) => [...t.dataSync()]);
    expect(net.to(other)).toBe(net);
    const moved = net.stateDict();
    expect(Object.values(moved).every((t) => t.backend === other)).toBe(true);
    expect(Object.values(moved).map((t) => [...t.dataSync()])).toEqual(before);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(Object.values(old).every((t) => t.isDisposed)).toBe(true);
    net.dispose();
  });
});
