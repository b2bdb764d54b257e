import { describe, expect, it } from 'vitest';
import { tidy, zeros } from '@stride/core-tensor';
import { summaryTable } from '@stride/layers';
import { lenet5 } from '../src/index.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { withModel } from './helpers/with-model.js';

describe('lenet5', () => {
  onBackendWithoutLeaks(cpu);

  it("summary([1, 28, 28]) gives the course table's rows: output size, weight size, parameters, MACs", () => {
    withModel(lenet5, (model) => {
      const table = summaryTable(model, [1, 28, 28]);
      expect(table.rows.map((r) => [r.name, r.type, r.outputShape, r.weightShape, r.params, r.macs])).toEqual([
        ['conv1', 'Conv2d', [20, 28, 28], [20, 1, 5, 5], 520, 392_000],
        ['relu1', 'ReLU', [20, 28, 28], null, 0, 0],
        ['pool1', 'MaxPool2d', [20, 14, 14], null, 0, 0],
        ['conv2', 'Conv2d', [50, 14, 14], [50, 20, 5, 5], 25_050, 4_900_000],
        ['relu2', 'ReLU', [50, 14, 14], null, 0, 0],
        ['pool2', 'MaxPool2d', [50, 7, 7], null, 0, 0],
        ['flatten', 'Flatten', [2450], null, 0, 0],
        ['fc1', 'Linear', [500], [500, 2450], 1_225_500, 1_225_000],
        ['relu3', 'ReLU', [500], null, 0, 0],
        ['fc2', 'Linear', [10], [10, 500], 5_010, 5_000],
      ]);
      expect([table.totalParams, table.totalMacs]).toEqual([1_256_080, 6_522_000]);
    });
  });

  it('summary prints those rows with their totals', () => {
    withModel(lenet5, (model) => {
      const text = model.summary([1, 28, 28]);
      expect(text).toMatch(/conv1 \(Conv2d\)\s+20×28×28\s+20×1×5×5\s+520\s+392,000/);
      expect(text).toMatch(/fc1 \(Linear\)\s+500\s+500×2450\s+1,225,500\s+1,225,000/);
      expect(text).toMatch(/Total\s+1,256,080\s+6,522,000/);
    });
  });

  it('maps a batch of 1×28×28 images to 10 logits', () => {
    withModel(lenet5, (model) => {
      tidy(() => {
        expect(model.forward(zeros([3, 1, 28, 28])).shape).toEqual([3, 10]);
      });
    });
  });

  it('rejects an input that is not [N, 1, 28, 28], naming the shape it got', () => {
    withModel(lenet5, (model) => {
      tidy(() => {
        expect(() => model.forward(zeros([3, 3, 28, 28]))).toThrow('LeNet5: input must be [N, 1, 28, 28] but got [3, 3, 28, 28]');
      });
    });
  });
});
