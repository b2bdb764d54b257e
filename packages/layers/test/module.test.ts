import { describe, expect, it } from 'vitest';
import { functional as F, ones, tidy, zeros, type Tensor } from '@stride/core-tensor';
import {
  Conv1d,
  Conv2d,
  Conv3d,
  ConvTranspose2d,
  Dropout,
  Flatten,
  GELU,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import keys from './fixtures/state_dict_keys.json';

checkNoLeaks();

import { BatchNormLike } from './batch-norm-like.ts';

class Block extends Module {
  conv = new Conv2d(8, 8, 3, { padding: 1, bias: false });
  bn = new BatchNormLike(8);
  act = new ReLU();
  downsample = new Sequential(new Conv2d(8, 16, 1, { stride: 2, bias: false }), new BatchNormLike(16));
  forward(x: Tensor): Tensor {
    return this.downsample.forward(this.act.forward(this.bn.forward(this.conv.forward(x))));
  }
}

/** scripts/gen_fixtures.py's KeysNet, layer for layer. */
class KeysNet extends Module {
  stem = new Sequential(new Conv2d(3, 8, 3, { padding: 1 }), new BatchNormLike(8), new ReLU(), new MaxPool2d(2));
  block = new Block();
  up = new ConvTranspose2d(16, 4, 3, { stride: 2, groups: 2 });
  seq1d = new Conv1d(4, 6, 5, { groups: 2 });
  vol = new Conv3d(2, 3, [1, 2, 3], { bias: false });
  head = new Sequential(new Flatten(), new Dropout(0.2), new Sequential(new Linear(64, 32), new GELU(), new Linear(32, 10)));
  forward(x: Tensor): Tensor {
    return this.block.forward(this.stem.forward(x));
  }
}

const shapes = (entries: [string, Tensor][]) => entries.map(([k, t]) => [k, [...t.shape]]);

describe('Module discovery matches PyTorch (torch 1.13 fixture)', () => {
  it('stateDict keys and shapes, in order: own parameters, own buffers, then children', () => {
    const net = new KeysNet();
    expect(shapes(Object.entries(net.stateDict()))).toEqual(keys.stateDict);
    net.dispose();
  });

  it('namedParameters lists the same names as torch named_parameters()', () => {
    const net = new KeysNet();
    expect(shapes(net.namedParameters())).toEqual(keys.parameters);
    net.dispose();
  });

  it('buffers lists the same names as torch named_buffers()', () => {
    const net = new KeysNet();
    expect(shapes(net.buffers())).toEqual(keys.buffers);
    net.dispose();
  });

  it('namedModules lists the same paths as torch named_modules()', () => {
    const net = new KeysNet();
    expect(net.namedModules().map(([k]) => k)).toEqual(keys.modules);
    net.dispose();
  });
});

describe('Module discovery', () => {
  class Net extends Module {
    conv1 = new Conv2d(1, 20, 5, { padding: 2 });
    fc = new Linear(20 * 14 * 14, 10);
    forward(x: Tensor) {
      return this.fc.forward(F.maxPool2d(F.relu(this.conv1.forward(x)), { kernelSize: 2 }).flatten(1));
    }
  }

  it("finds children and parameters from properties in assignment order (API.md's example)", () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual(['conv1.weight', 'conv1.bias', 'fc.weight', 'fc.bias']);
    expect(net.namedChildren().map(([k]) => k)).toEqual(['conv1', 'fc']);
    net.dispose();
  });

  it('parameters() are the layers own tensors, requiring grad', () => {
    const net = new Net();
    expect(net.parameters()).toEqual([net.conv1.weight, net.conv1.bias, net.fc.weight, net.fc.bias]);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.dispose();
  });

  it('ignores plain tensors, numbers and functions, as PyTorch ignores plain attributes', () => {
    class WithExtras extends Module {
      scale = 2;
      cache = zeros([3]);
      fc = new Linear(2, 2);
      act = (x: Tensor) => x;
      forward(x: Tensor) {
        return this.act(this.fc.forward(x));
      }
    }
    const m = new WithExtras();
    expect(Object.keys(m.stateDict())).toEqual(['fc.weight', 'fc.bias']);
    m.dispose();
    m.cache.dispose();
  });

  it('names children of an array property prop.0, prop.1, … like nn.ModuleList', () => {
    class Stack extends Module {
      layers = [new Linear(2, 3), new Linear(3, 4, { bias: false })];
      forward(x: Tensor) {
        return this.layers.reduce((y, l) => l.forward(y), x);
      }
    }
    const m = new Stack();
    expect(Object.keys(m.stateDict())).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight']);
    m.dispose();
  });

  it('maps camelCase properties to snake_case keys, or to an explicit key', () => {
    class Named extends Module {
      convBlock = new Linear(1, 1, { bias: false });
      declare scaleFactor: Tensor;
      constructor() {
        super();
        this.registerParameter('scaleFactor', ones([1]), { key: 'gamma' });
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const m = new Named();
    expect(Object.keys(m.stateDict())).toEqual(['gamma', 'conv_block.weight']);
    m.dispose();
  });

  it('lists a parameter shared by two modules once in parameters() but under both names in stateDict()', () => {
    const a = new Linear(2, 2, { bias: false });
    const b = new Linear(2, 2, { bias: false });
    b.weight.dispose();
    b.weight = a.weight;
    const tied = new Sequential(a, b);
    expect(tied.parameters()).toHaveLength(1);
    expect(Object.keys(tied.stateDict())).toEqual(['0.weight', '1.weight']);
    a.dispose();
  });

  it('leaves null parameters and null buffers out of stateDict, as PyTorch leaves None', () => {
    class Untracked extends Module {
      declare runningMean: Tensor | null;
      constructor() {
        super();
        this.registerBuffer('runningMean', null);
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const m = new Sequential(new Linear(2, 2, { bias: false }), new Untracked());
    expect(Object.keys(m.stateDict())).toEqual(['0.weight']);
    expect(m.buffers()).toEqual([]);
    m.dispose();
  });

  it('keeps non-persistent buffers out of stateDict but in buffers()', () => {
    class Scratch extends Module {
      declare table: Tensor;
      constructor() {
        super();
        this.registerBuffer('table', zeros([2]), { persistent: false });
      }
      forward(x: Tensor) {
        return x;
      }
    }
    const m = new Scratch();
    expect(Object.keys(m.stateDict())).toEqual([]);
    expect(m.buffers().map(([k]) => k)).toEqual(['table']);
    m.dispose();
  });
});

describe('Sequential', () => {
  it('names its children 0, 1, … so PyTorch nn.Sequential keys load by name', () => {
    const s = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Linear(4, 5));
    expect(Object.keys(s.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    s.dispose();
  });

  it('runs its modules in order', () => {
    const s = new Sequential(new Flatten(), new Linear(6, 4), new ReLU(), new Linear(4, 3));
    const y = tidy(() => s.forward(ones([5, 2, 3])));
    expect([...y.shape]).toEqual([5, 3]);
    const expected = tidy(() =>
      F.linear(
        F.relu(F.linear(ones([5, 6]), (s.at(1) as Linear).weight, (s.at(1) as Linear).bias)),
        (s.at(3) as Linear).weight,
        (s.at(3) as Linear).bias,
      ),
    );
    expect([...y.dataSync()]).toEqual([...expected.dataSync()]);
    y.dispose();
    expected.dispose();
    s.dispose();
  });

  it('supports length, at(), negative indices, append and iteration', () => {
    const relu = new ReLU();
    const s = new Sequential(new ReLU()).append(relu);
    expect(s.length).toBe(2);
    expect(s.at(-1)).toBe(relu);
    expect(s[1]).toBe(relu);
    expect([...s]).toHaveLength(2);
    expect(() => s.at(2)).toThrow(/index 2 is out of range for 2 modules/);
  });
});
