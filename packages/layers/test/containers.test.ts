import { describe, expect, it } from 'vitest';
import { functional as F, ones, randn, tidy, type Tensor } from '@stride/core-tensor';
import { Dropout, Ensemble, Identity, Linear, Module, ModuleDict, ModuleList, ReLU, Sequential, Sigmoid, Tanh } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import fixture from './fixtures/modules.json';

checkNoLeaks();

const keys = (m: Module) => Object.keys(m.stateDict());

describe('Identity', () => {
  it('returns its input, ignores constructor arguments and holds nothing', () => {
    const id = new Identity(54, { unused: true });
    const x = ones([2, 3]);
    expect(id.forward(x)).toBe(x);
    expect([id.parameters(), keys(id)]).toEqual([[], []]);
    x.dispose();
  });
});

describe('ModuleList', () => {
  it("names its modules 0, 1, … and, as a model's property, gives torch's keys and module names", () => {
    class Net extends Module {
      layers = new ModuleList([new Linear(2, 3), new ReLU(), new Linear(3, 1, { bias: false })]);
      forward(x: Tensor) {
        return [...this.layers].reduce((y, l) => l.forward(y), x);
      }
    }
    const net = new Net();
    expect(keys(net)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight']);
    expect(net.namedModules().map(([k]) => k)).toEqual(['', 'layers', 'layers.0', 'layers.1', 'layers.2']);
    expect(tidy(() => net.forward(ones([4, 2])).shape)).toEqual([4, 1]);
    net.dispose();
  });

  it('reads by index, at() from either end, length and iteration', () => {
    const [a, b, c] = [new ReLU(), new Tanh(), new Sigmoid()];
    const list = new ModuleList([a, b, c]);
    expect([list[0], list[2], list.at(-1), list.at(-3), list.length]).toEqual([a, c, c, a, 3]);
    expect([...list]).toEqual([a, b, c]);
    expect(() => list.at(3)).toThrow(/^ModuleList\.at: index 3 is out of range for 3 modules \(expected an integer in \[-3, 2\]\)$/);
    expect(() => list.at(-4)).toThrow(/index -4 is out of range/);
  });

  it('append, push and extend add at the end; insert and pop renumber the rest, as torch', () => {
    const fcs = [0, 1, 2, 3, 4].map((i) => new Linear(1, 1, { bias: false, seed: i }));
    const list = new ModuleList<Linear>();
    expect(list.append(fcs[0]!)).toBe(list);
    expect(list.push(fcs[1]!)).toBe(2);
    list.extend([fcs[3]!]);
    list.insert(2, fcs[2]!);
    expect([...list]).toEqual(fcs.slice(0, 4));
    list.insert(-4, fcs[4]!);
    expect([...list]).toEqual([fcs[4], ...fcs.slice(0, 4)]);
    expect(keys(list)).toEqual(['0.weight', '1.weight', '2.weight', '3.weight', '4.weight']);
    expect(list.pop(0)).toBe(fcs[4]);
    expect(list.pop()).toBe(fcs[3]);
    expect([...list]).toEqual(fcs.slice(0, 3));
    expect(list.stateDict()['2.weight']).toBe(fcs[2]!.weight);
    expect(keys(list)).toEqual(['0.weight', '1.weight', '2.weight']);
    list.set(-1, fcs[4]!);
    expect(list[2]).toBe(fcs[4]);
    fcs.forEach((m) => m.dispose());
  });

  it('slice() shares the modules in a new list', () => {
    const list = new ModuleList([new ReLU(), new Tanh(), new Sigmoid()]);
    const tail = list.slice(1);
    expect([...tail]).toEqual([list[1], list[2]]);
    expect(tail).not.toBe(list);
  });

  it('refuses what is not a Module, indices out of range, and a forward call', () => {
    const list = new ModuleList([new ReLU()]);
    expect(() => list.append(3 as never)).toThrow(/^ModuleList\.append: expected a Module but got number 3$/);
    expect(() => list.insert(3, new ReLU())).toThrow(
      /^ModuleList\.insert: index 3 is out of range for 1 modules \(expected an integer in \[-1, 1\]\)$/,
    );
    expect(() => new ModuleList().pop()).toThrow(/^ModuleList\.pop: index -1 is out of range for 0 modules/);
    expect(() => list.extend(null as never)).toThrow(/^ModuleList\.extend: modules must be an iterable of Modules but got null$/);
    const x = ones([1]);
    expect(() => list.forward(x)).toThrow(/^ModuleList: has no forward/);
    x.dispose();
  });
});

describe('ModuleDict', () => {
  it("keeps insertion order and the keys as given, in torch's state-dict keys (torch 1.13 fixture)", () => {
    const heads = new ModuleDict<Module>([
      ['10', new Linear(3, 1)],
      ['2', new Linear(3, 2)],
      ['b', new ReLU()],
      ['a', new Linear(3, 4, { bias: false })],
    ]);
    expect(heads.keys()).toEqual(fixture.tree.headsKeys);
    expect(keys(heads)).toEqual(fixture.tree.stateDict.filter((k) => k.startsWith('heads.')).map((k) => k.slice('heads.'.length)));
    expect([...heads]).toEqual(heads.keys());
    heads.dispose();
  });

  it('does not snake_case its keys, and a plain object keeps its own property order', () => {
    const d = new ModuleDict({ convBlock: new Linear(1, 1, { bias: false }), Head: new ReLU() });
    expect(d.keys()).toEqual(['convBlock', 'Head']);
    expect(keys(d)).toEqual(['convBlock.weight']);
    d.dispose();
  });

  it('get, has, set (a replaced key keeps its place), pop, delete, update, clear, length', () => {
    const [a, b, c, d] = [new ReLU(), new Tanh(), new Sigmoid(), new Identity()];
    const dict = new ModuleDict<Module>({ a, b });
    expect([dict.get('a'), dict.has('b'), dict.has('z'), dict.length]).toEqual([a, true, false, 2]);
    dict.set('a', c).update(new Map([['d', d]]));
    expect(dict.items()).toEqual([
      ['a', c],
      ['b', b],
      ['d', d],
    ]);
    expect(dict.pop('b')).toBe(b);
    expect([dict.delete('d'), dict.delete('d')]).toEqual([true, false]);
    expect(dict.values()).toEqual([c]);
    dict.update(new ModuleDict({ b }));
    expect(dict.keys()).toEqual(['a', 'b']);
    dict.clear();
    expect(dict.length).toBe(0);
  });

  it("refuses torch's invalid names, missing keys, non-modules and a forward call", () => {
    const dict = new ModuleDict({ relu: new ReLU() });
    expect(() => dict.set('a.b', new ReLU())).toThrow(/^ModuleDict\.set: module name can't contain "\.", got: 'a\.b'$/);
    expect(() => dict.set('', new ReLU())).toThrow(/^ModuleDict\.set: module name can't be empty string ""$/);
    expect(() => dict.set(3 as never, new ReLU())).toThrow(/^ModuleDict\.set: module name should be a string but got number 3$/);
    expect(() => dict.set('x', {} as never)).toThrow(/^ModuleDict\.set: expected a Module but got Object$/);
    expect(() => dict.get('tanh')).toThrow(/^ModuleDict\.get: no module named 'tanh' \(keys: 'relu'\)$/);
    expect(() => dict.pop('tanh')).toThrow(/no module named 'tanh'/);
    expect(() => new ModuleDict([['a', new ReLU(), 3]] as never)).toThrow(/^ModuleDict\.update: each entry must be a \[key, module\] pair/);
    const x = ones([1]);
    expect(() => dict.forward(x)).toThrow(/^ModuleDict: has no forward/);
    x.dispose();
  });

  it('holds modules that train(), to() and dispose() reach', () => {
    const dict = new ModuleDict({ drop: new Dropout(0.5), fc: new Linear(2, 2) });
    dict.eval();
    expect(dict.values().map((m) => m.training)).toEqual([false, false]);
    expect(dict.parameters()).toHaveLength(2);
    dict.dispose();
    expect(() => (dict.get('fc') as Linear).weight.dataSync()).toThrow();
  });
});

describe('Ensemble', () => {
  const members = () => [
    new Linear(4, 3, { seed: 1 }),
    new Sequential(new Linear(4, 3, { seed: 2 }), new ReLU()),
    new Linear(4, 3, { seed: 3 }),
  ];

  it("returns the mean of the members' softmax probabilities over the class dim", () => {
    const models = members();
    const ensemble = new Ensemble(models);
    const x = randn([5, 4], { seed: 4 });
    const got = tidy(() => ensemble.forward(x));
    const expected = tidy(() =>
      models
        .map((m) => F.softmax(m.forward(x), 1))
        .reduce((a, b) => a.add(b))
        .div(3),
    );
    expect([...got.dataSync()]).toEqual([...expected.dataSync()]);
    const rowSums = tidy(() => [...got.sum(1).dataSync()]);
    rowSums.forEach((s) => expect(s).toBeCloseTo(1, 6));
    [x, got, expected].forEach((t) => t.dispose());
    ensemble.dispose();
  });

  it("keys its members' tensors models.0.…, models.1.…, as torch's nn.ModuleList attribute", () => {
    const ensemble = new Ensemble(members());
    expect(keys(ensemble)).toEqual([
      'models.0.weight',
      'models.0.bias',
      'models.1.0.weight',
      'models.1.0.bias',
      'models.2.weight',
      'models.2.bias',
    ]);
    ensemble.dispose();
  });

  it('eval() and train() reach every member, and gradients flow to each', () => {
    const ensemble = new Ensemble([new Sequential(new Dropout(0.5), new Linear(2, 2)), new Linear(2, 2)]);
    ensemble.eval();
    expect(ensemble.modules().every((m) => !m.training)).toBe(true);
    ensemble.train();
    expect(ensemble.modules().every((m) => m.training)).toBe(true);
    ensemble.eval();
    tidy(() =>
      ensemble
        .forward(ones([3, 2]))
        .slice(1, 0, 1)
        .sum()
        .backward(),
    );
    for (const [name, p] of ensemble.namedParameters()) {
      expect([name, [...p.grad!.dataSync()].some((g) => g !== 0)]).toEqual([name, true]);
    }
    ensemble.zeroGrad();
    ensemble.dispose();
  });

  it('refuses no members and members whose outputs differ in shape', () => {
    expect(() => new Ensemble([])).toThrow(/^Ensemble: models must hold at least one model but got none$/);
    const ensemble = new Ensemble([new Linear(2, 3), new Linear(2, 4)]);
    const x = ones([1, 2]);
    expect(() => tidy(() => ensemble.forward(x))).toThrow(
      /^Ensemble: model 1 returned shape \[1, 4\] but model 0 returned \[1, 3\] \(expected equal\)$/,
    );
    x.dispose();
    ensemble.dispose();
  });
});
