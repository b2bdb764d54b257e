import { describe, expect, it } from 'vitest';
import { memory, ones, tidy, type Tensor } from '@stride/core-tensor';
import { Conv2d, Identity, Linear, Module, ModuleDict, ModuleList, ReLU, Sequential, init } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import fixture from './fixtures/modules.json';

checkNoLeaks();

/** scripts/gen_fixtures.py's TreeNet: `a` shared as `b` and as blocks[1], a ModuleDict with numeric-looking keys, a null child. */
class TreeNet extends Module {
  a = new Linear(2, 3);
  body = new Sequential(new Conv2d(1, 2, 3), new ReLU());
  b = this.a;
  blocks = new ModuleList([new Linear(3, 3), this.a, new Identity()]);
  heads = new ModuleDict<Module>([
    ['10', new Linear(3, 1)],
    ['2', new Linear(3, 2)],
    ['b', new ReLU()],
    ['a', new Linear(3, 4, { bias: false })],
  ]);
  empty = null;
  forward(x: Tensor): Tensor {
    return x;
  }
}

const names = (entries: [string, unknown][]) => entries.map(([k]) => k);

/** The module after one backward pass of sum(forward(ones)): every parameter has a gradient. */
function trainedOnce<M extends Module>(net: M, inputShape = [1, 3]): M {
  tidy(() => net.forward(ones(inputShape)).sum().backward());
  return net;
}

describe('the module tree follows torch (torch 1.13 fixture)', () => {
  const { tree } = fixture;

  it('namedChildren lists a module held under two names once, under its first, and skips null', () => {
    const net = new TreeNet();
    expect(names(net.namedChildren())).toEqual(tree.namedChildren);
    expect(net.children()).toEqual([net.a, net.body, net.blocks, net.heads]);
    net.dispose();
  });

  it('namedModules visits each module once, depth first, and prefixes every name', () => {
    const net = new TreeNet();
    expect(names(net.namedModules())).toEqual(tree.namedModules);
    expect(names(net.namedModules('model'))).toEqual(tree.namedModulesPrefixed);
    expect(names(net.blocks.namedChildren())).toEqual(tree.blocksChildren);
    net.dispose();
  });

  it('stateDict keeps every name of a shared module; namedParameters lists its tensors once', () => {
    const net = new TreeNet();
    expect(Object.keys(net.stateDict())).toEqual(tree.stateDict);
    expect(names(net.namedParameters())).toEqual(tree.parameters);
    net.dispose();
  });

  it('apply visits children first, then the module, reaching a shared module once per parent', () => {
    const net = new TreeNet();
    const index = new Map(net.modules().map((m, i) => [m, i]));
    const order: number[] = [];
    expect(net.apply((m) => order.push(index.get(m)!))).toBe(net);
    expect(order).toEqual(tree.applyOrder);
    net.dispose();
  });
});

describe('apply, requiresGrad, zeroGrad', () => {
  it('apply(fn) with init re-initialises every layer of a kind, as torch users write it', () => {
    const net = new Sequential(new Linear(4, 3), new ReLU(), new Sequential(new Linear(3, 2)));
    net.apply((m) => {
      if (m instanceof Linear) {
        init.constant(m.weight, 0.25);
        if (m.bias) init.zeros(m.bias);
      }
    });
    for (const [, p] of net.namedParameters()) expect(new Set(p.dataSync())).toEqual(new Set([p.ndim === 2 ? 0.25 : 0]));
    net.dispose();
  });

  it('requiresGrad(false) freezes every parameter, requiresGrad() unfreezes, and both return the module', () => {
    const net = new Sequential(new Conv2d(1, 2, 3), new Linear(2, 2));
    expect(net.requiresGrad(false)).toBe(net);
    expect(net.parameters().map((p) => p.requiresGrad)).toEqual([false, false, false, false]);
    (net.at(1) as Linear).requiresGrad();
    expect(net.parameters().map((p) => p.requiresGrad)).toEqual([false, false, true, true]);
    net.dispose();
  });

  it('a frozen layer gets no gradient while the rest of the model trains', () => {
    const first = new Linear(3, 3);
    const second = new Linear(3, 1);
    const net = new Sequential(first, second);
    first.requiresGrad(false);
    trainedOnce(net, [2, 3]);
    expect([first.weight.grad, first.bias!.grad]).toEqual([null, null]);
    expect(second.weight.grad).not.toBeNull();
    net.zeroGrad();
    net.dispose();
  });

  it('zeroGrad() disposes the gradients and sets them to null (set_to_none=True)', () => {
    const net = trainedOnce(new Linear(3, 2));
    const before = memory().numTensors;
    const grads = net.parameters().map((p) => p.grad!);
    net.zeroGrad();
    expect(net.parameters().map((p) => p.grad)).toEqual([null, null]);
    expect(memory().numTensors).toBe(before - 2);
    expect(() => grads[0]!.dataSync()).toThrow();
    net.dispose();
  });

  it('zeroGrad({ setToNone: false }) zeroes each gradient in place, keeping the tensor', () => {
    const net = trainedOnce(new Linear(3, 2));
    const grad = net.weight.grad!;
    net.zeroGrad({ setToNone: false });
    expect(net.weight.grad).toBe(grad);
    expect([...grad.dataSync()]).toEqual([0, 0, 0, 0, 0, 0]);
    net.dispose();
  });
});
