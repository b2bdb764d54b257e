import { describe, expect, it } from 'vitest';
import { functional as F, type Tensor } from '@stride/core-tensor';
import { Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential, summaryTable } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

/** LeNet-5 as API.md's zoo line defines it. */
const lenet5 = () =>
  new Sequential(
    new Conv2d(1, 20, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(20, 50, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(2450, 500),
    new ReLU(),
    new Linear(500, 10),
  );

/** The table's text split into cells (columns are separated by at least two spaces). */
const cells = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^-+$/.test(l))
    .map((l) => l.split(/ {2,}/));

describe('summary', () => {
  it("prints LeNet-5's rows: output size, weight size, params, MACs, receptive field and jump", () => {
    const net = lenet5();
    expect(cells(net.summary([1, 28, 28]))).toEqual([
      ['Layer', 'Output size', 'Weight size', 'Params', 'MACs', 'Receptive field', 'Jump'],
      ['0 (Conv2d)', '20×28×28', '20×1×5×5', '520', '392,000', '5', '1'],
      ['1 (ReLU)', '20×28×28', '-', '0', '0', '5', '1'],
      ['2 (MaxPool2d)', '20×14×14', '-', '0', '0', '6', '2'],
      ['3 (Conv2d)', '50×14×14', '50×20×5×5', '25,050', '4,900,000', '14', '2'],
      ['4 (ReLU)', '50×14×14', '-', '0', '0', '14', '2'],
      ['5 (MaxPool2d)', '50×7×7', '-', '0', '0', '16', '4'],
      ['6 (Flatten)', '2450', '-', '0', '0', '40', '28'],
      ['7 (Linear)', '500', '500×2450', '1,225,500', '1,225,000', '40', '28'],
      ['8 (ReLU)', '500', '-', '0', '0', '40', '28'],
      ['9 (Linear)', '10', '10×500', '5,010', '5,000', '40', '28'],
      ['Total', '1,256,080', '6,522,000'],
    ]);
    net.dispose();
  });

  it("gives the course's example: ten 5×5 filters, pad 2, on 3×32×32 → 10×32×32, 760 params, 768,000 MACs", () => {
    const conv = new Conv2d(3, 10, 5, { padding: 2 });
    const { rows, totalParams, totalMacs } = summaryTable(conv, [3, 32, 32]);
    expect(rows).toEqual([
      {
        name: '',
        type: 'Conv2d',
        outputShape: [10, 32, 32],
        weightShape: [10, 3, 5, 5],
        params: 760,
        macs: 768_000,
        receptiveField: 5,
        jump: 1,
        receptiveFieldPerDim: [5, 5],
        jumpPerDim: [1, 1],
      },
    ]);
    expect([totalParams, totalMacs]).toEqual([760, 768_000]);
    conv.dispose();
  });

  it('counts grouped convolutions as (inC/groups)·kH·kW MACs per output element', () => {
    const conv = new Conv2d(8, 16, 3, { groups: 4, padding: 1, bias: false });
    expect(summaryTable(conv, [8, 10, 10]).rows[0]).toMatchObject({ params: 16 * 2 * 9, macs: 10 * 10 * 16 * 2 * 9 });
    conv.dispose();
  });

  it('walks a hand-written model through its forward, naming layers by their path', () => {
    class Net extends Module {
      conv1 = new Conv2d(1, 4, 3);
      head = new Sequential(new Flatten(), new Linear(4 * 4 * 4, 3));
      forward(x: Tensor) {
        return this.head.forward(F.maxPool2d(F.relu(this.conv1.forward(x)), { kernelSize: 2 }));
      }
    }
    const net = new Net();
    const { rows, totalParams } = summaryTable(net, [1, 10, 10]);
    expect(rows.map((r) => [r.name, r.outputShape])).toEqual([
      ['conv1', [4, 8, 8]],
      ['head.0', [64]],
      ['head.1', [3]],
    ]);
    expect(totalParams).toBe(40 + 195);
    net.dispose();
  });

  it('counts a module used twice once in the parameters but twice in the MACs', () => {
    class Twice extends Module {
      fc = new Linear(4, 4);
      forward(x: Tensor) {
        return this.fc.forward(this.fc.forward(x));
      }
    }
    const m = new Twice();
    const table = summaryTable(m, [4]);
    expect(table.rows.map((r) => [r.params, r.macs])).toEqual([
      [20, 16],
      [0, 16],
    ]);
    expect([table.totalParams, table.totalMacs]).toEqual([20, 32]);
    m.dispose();
  });

  it('restores every forward and leaves no tensors behind', () => {
    const net = lenet5();
    const forwards = net.modules().map((m) => m.forward);
    net.summary([1, 28, 28]);
    expect(net.modules().map((m) => m.forward)).toEqual(forwards);
    expect(net.modules().every((m) => !Object.hasOwn(m, 'forward'))).toBe(true);
    net.dispose();
  });
});
