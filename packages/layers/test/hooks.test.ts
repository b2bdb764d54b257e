import { describe, expect, it } from 'vitest';
import { ones, tidy, type Tensor } from '@stride/core-tensor';
import { Conv2d, Flatten, Linear, Module, ModuleList, ReLU, Sequential, summaryTable, type RemovableHandle } from '../src/index.ts';
import { checkNoLeaks, expectClose, fromFixture } from './helpers.ts';
import fixture from './fixtures/modules.json';

checkNoLeaks();

/** scripts/gen_fixtures.py's HookNet: nested modules called as `this.conv.forward(x)`, a Sequential, a ModuleList. */
class HookNet extends Module {
  conv = new Conv2d(1, 2, 3);
  block = new Sequential(new ReLU(), new Flatten());
  heads = new ModuleList([new Linear(8, 4), new Linear(4, 3)]);
  forward(x: Tensor): Tensor {
    let y = this.block.forward(this.conv.forward(x));
    for (const head of this.heads) y = head.forward(y);
    return y;
  }
}

function hookNet(): HookNet {
  const net = new HookNet();
  const sd = Object.fromEntries(Object.entries(fixture.hooks.stateDict).map(([k, v]) => [k, fromFixture(v)]));
  net.loadStateDict(sd);
  Object.values(sd).forEach((t) => t.dispose());
  return net;
}

describe('forward hooks (torch 1.13 fixture)', () => {
  it("fire around every module's forward in torch's order, nested ones inside their parent's", () => {
    const net = hookNet();
    const events: string[] = [];
    const handles: RemovableHandle[] = [];
    for (const [name, m] of net.namedModules()) {
      handles.push(m.registerForwardPreHook(() => void events.push(`pre:${name}`)));
      handles.push(m.registerForwardHook(() => void events.push(`fwd:${name}`)));
    }
    handles.push(net.conv.registerForwardHook(() => void events.push('fwd:conv#2')));
    net.block
      .at(0)
      .registerForwardHook(() => void events.push('removed'))
      .remove();
    const x = fromFixture(fixture.hooks.input);
    const y = tidy(() => net.forward(x));
    expect(events).toEqual(fixture.hooks.order);
    expectClose(y, fixture.hooks.plain, 1e-5, 1e-6);
    handles.forEach((h) => h.remove());
    [x, y].forEach((t) => t.dispose());
    net.dispose();
  });

  it("a pre-hook's result replaces the input and a hook's result replaces the output", () => {
    const net = hookNet();
    const pre = net.conv.registerForwardPreHook((_, [input]) => [input.mul(2)]);
    const post = net.block.registerForwardHook((_m, _input, output) => output.sub(1));
    const x = fromFixture(fixture.hooks.input);
    const y = tidy(() => net.forward(x));
    expectClose(y, fixture.hooks.changed, 1e-5, 1e-6);
    pre.remove();
    post.remove();
    const plain = tidy(() => net.forward(x));
    expectClose(plain, fixture.hooks.plain, 1e-5, 1e-6);
    [x, y, plain].forEach((t) => t.dispose());
    net.dispose();
  });
});

describe('forward hooks', () => {
  it('hand the module, the argument list and the output, and a non-array pre-hook result becomes the one argument', () => {
    const relu = new ReLU();
    const seen: unknown[] = [];
    relu.registerForwardPreHook((m, input) => {
      seen.push(m, input.length);
      return input[0].neg();
    });
    relu.registerForwardHook((m, input, output) => void seen.push(m === relu, [...input[0].dataSync()], [...output.dataSync()]));
    const y = tidy(() => relu.forward(ones([2]).mul(-3)));
    expect(seen).toEqual([relu, 1, true, [3, 3], [3, 3]]);
    expect([...y.dataSync()]).toEqual([3, 3]);
    y.dispose();
  });

  it('remove() stops one hook, twice is harmless, and the last removal restores the plain forward', () => {
    const relu = new ReLU();
    const calls: string[] = [];
    const a = relu.registerForwardHook(() => void calls.push('a'));
    const b = relu.registerForwardPreHook(() => void calls.push('b'));
    expect(Object.hasOwn(relu, 'forward')).toBe(true);
    a.remove();
    a.remove();
    tidy(() => void relu.forward(ones([1])));
    expect(calls).toEqual(['b']);
    b[Symbol.dispose]();
    expect(Object.hasOwn(relu, 'forward')).toBe(false);
    tidy(() => void relu.forward(ones([1])));
    expect(calls).toEqual(['b']);
    expect(a.id).not.toBe(b.id);
  });

  it('never show up as parameters, children or state-dict entries', () => {
    const net = hookNet();
    const before = Object.keys(net.stateDict());
    const h = net.conv.registerForwardHook(() => undefined);
    expect(Object.keys(net.stateDict())).toEqual(before);
    expect(net.namedChildren().map(([k]) => k)).toEqual(['conv', 'block', 'heads']);
    h.remove();
    net.dispose();
  });

  it('fire once per call for a module used twice, and not for super.forward inside a subclass', () => {
    class Doubled extends Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(x).mul(2);
      }
    }
    const fc = new Doubled(2, 2);
    const twice = new (class extends Module {
      fc = fc;
      forward(x: Tensor) {
        return this.fc.forward(this.fc.forward(x));
      }
    })();
    let calls = 0;
    fc.registerForwardHook(() => void calls++);
    tidy(() => void twice.forward(ones([1, 2])));
    expect(calls).toBe(2);
    fc.dispose();
  });

  it('keep working through summary(), which observes layers with hooks of its own and removes them', () => {
    const net = hookNet();
    const events: string[] = [];
    const h = net.conv.registerForwardHook(() => void events.push('conv'));
    expect(summaryTable(net, [1, 4, 4]).rows.map((r) => r.name)).toEqual(['conv', 'block.0', 'block.1', 'heads.0', 'heads.1']);
    expect(events).toEqual(['conv']);
    tidy(() => void net.forward(ones([1, 1, 4, 4])));
    expect(events).toEqual(['conv', 'conv']);
    h.remove();
    expect(net.modules().some((m) => Object.hasOwn(m, 'forward'))).toBe(false);
    net.dispose();
  });

  it('refuse a hook that is not a function', () => {
    const relu = new ReLU();
    expect(() => relu.registerForwardHook(42 as never)).toThrow(/^registerForwardHook: hook must be a function but got number$/);
    expect(() => relu.registerForwardPreHook(null as never)).toThrow(/^registerForwardPreHook: hook must be a function but got object$/);
  });
});
