import { describe, it, expect } from 'vitest';
import { functional as F, getBackend, ones, randn, tensor, tidy, where, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import { defineBackend } from '@stride/core-tensor/backend';

/**
 * Bad input fails at the op's entry with a message naming the op, the argument, the expected
 * value and the actual one (STYLE.md), on every backend. Each case owns the tensors it makes
 * and disposes them, thrown or not, so the harness's live-tensor check holds.
 */
export function errorSuite(): void {
  describe('errors name the op, the argument, the expected and the actual value', () => {
    broadcastErrors();
    convErrors();
    poolErrors();
    batchNormErrors();
    classificationErrors();
    mixedBackendErrors();
    disposedErrors();
    shapeErrors();
  });
}

function broadcastErrors(): void {
  describe('shapes that do not broadcast', () => {
    it('add of [2, 3] and [4] names add, both shapes and the clashing sizes', () =>
      disposing((t) => {
        const a = t(zeros([2, 3]));
        const b = t(zeros([4]));
        expect(() => a.add(b)).toThrow(
          /^add: shapes \[2, 3\] \(input\) and \[4\] \(other\) do not broadcast: dimension -1 is 3 in input and 4 in other \(expected equal sizes or 1\)/,
        );
      }));

    it('mul of [5, 1, 3] and [2, 2] names mul and the clashing dimension', () =>
      disposing((t) => {
        const a = t(zeros([5, 1, 3]));
        const b = t(zeros([2, 2]));
        expect(() => a.mul(b)).toThrow(
          /^mul: shapes \[5, 1, 3\] \(input\) and \[2, 2\] \(other\) do not broadcast: dimension -1 is 3 in input and 2 in other/,
        );
      }));

    it('where with a [2, 3] condition and a [4] input names where and condition', () =>
      disposing((t) => {
        const cond = t(zeros([2, 3], { dtype: 'int32' }));
        const a = t(zeros([4]));
        expect(() => where(cond, a, 0)).toThrow(
          /^where: shapes \[2, 3\] \(condition\) and \[4\] \(input\) do not broadcast: dimension -1 is 3 in condition and 4 in input/,
        );
      }));

    it('where with an input and other that do not broadcast names where and other', () =>
      disposing((t) => {
        const cond = t(zeros([2, 3], { dtype: 'int32' }));
        const a = t(zeros([2, 3]));
        const b = t(zeros([2, 2]));
        expect(() => where(cond, a, b)).toThrow(
          /^where: shapes \[2, 3\] \(.*\) and \[2, 2\] \(other\) do not broadcast: dimension -1 is 3 in .* and 2 in other/,
        );
      }));

    it('mseLoss of [2, 3] and a [4] target names mseLoss, input and target', () =>
      disposing((t) => {
        const input = t(zeros([2, 3]));
        const target = t(zeros([4]));
        expect(() => F.mseLoss(input, target)).toThrow(/^mseLoss: .*\[2, 3\] \(input\).*\[4\] \(target\)/);
      }));
  });
}

function convErrors(): void {
  describe('convolution arguments', () => {
    it('conv1d weight with the wrong input channels per group names the expected count', () =>
      disposing((t) => {
        const x = t(zeros([1, 4, 7]));
        const w = t(zeros([2, 3, 3]));
        expect(() => F.conv1d(x, w, null, { groups: 2 })).toThrow(
          /^conv1d: weight has 3 input channels per group but input has 4 channels and groups=2 \(expected 2\)/,
        );
      }));

    it('conv2d weight with the wrong input channels per group names the expected count', () =>
      disposing((t) => {
        const x = t(zeros([1, 4, 5, 5]));
        const w = t(zeros([2, 3, 3, 3]));
        expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(
          /^conv2d: weight has 3 input channels per group but input has 4 channels and groups=2 \(expected 2\)/,
        );
      }));

    it('conv2d weight with the wrong input channels and no groups names the expected count', () =>
      disposing((t) => {
        const x = t(zeros([1, 3, 5, 5]));
        const w = t(zeros([2, 4, 3, 3]));
        expect(() => F.conv2d(x, w)).toThrow(
          /^conv2d: weight has 4 input channels per group but input has 3 channels and groups=1 \(expected 3\)/,
        );
      }));

    it('conv3d weight with the wrong input channels per group names the expected count', () =>
      disposing((t) => {
        const x = t(zeros([1, 6, 3, 3, 3]));
        const w = t(zeros([3, 1, 1, 1, 1]));
        expect(() => F.conv3d(x, w, null, { groups: 3 })).toThrow(
          /^conv3d: weight has 1 input channels per group but input has 6 channels and groups=3 \(expected 2\)/,
        );
      }));

    it('convTranspose2d weight whose dim 0 differs from the input channels names both', () =>
      disposing((t) => {
        const x = t(zeros([1, 4, 5, 5]));
        const w = t(zeros([3, 2, 3, 3]));
        expect(() => F.convTranspose2d(x, w)).toThrow(
          /^convTranspose2d: weight has 3 input channels \(dim 0\) but input has 4 channels \(expected equal\)/,
        );
      }));

    it('convTranspose2d input channels that groups does not divide names groups', () =>
      disposing((t) => {
        const x = t(zeros([1, 3, 5, 5]));
        const w = t(zeros([3, 2, 3, 3]));
        expect(() => F.convTranspose2d(x, w, null, { groups: 2 })).toThrow(
          /^convTranspose2d: input has 3 channels, which groups=2 does not divide/,
        );
      }));

    it('conv2d input channels that groups does not divide names groups', () =>
      disposing((t) => {
        const x = t(zeros([1, 3, 5, 5]));
        const w = t(zeros([4, 1, 3, 3]));
        expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(/^conv2d: input has 3 channels, which groups=2 does not divide/);
      }));

    it('conv2d output channels that groups does not divide names the weight', () =>
      disposing((t) => {
        const x = t(zeros([1, 4, 5, 5]));
        const w = t(zeros([3, 2, 3, 3]));
        expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(/^conv2d: weight has 3 output channels, which groups=2 does not divide/);
      }));

    it('conv2d kernel larger than the padded input names kernel, span and padded size', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 4, 4]));
        const w = t(zeros([1, 1, 5, 5]));
        expect(() => F.conv2d(x, w)).toThrow(
          /^conv2d: kernel size \[5, 5\] with dilation \[1, 1\] spans 5 in spatial dim 0 but the padded input is only 4 \(input \[4, 4\] plus padding\); expected kernel ≤ padded input/,
        );
      }));

    it('conv2d dilated kernel larger than the padded input counts the dilation', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 6, 9]));
        const w = t(zeros([1, 1, 3, 3]));
        expect(() => F.conv2d(x, w, null, { dilation: [1, 5], padding: [1, 0] })).toThrow(
          /^conv2d: kernel size \[3, 3\] with dilation \[1, 5\] spans 11 in spatial dim 1 but the padded input is only 9 \(input \[6, 9\] plus padding\)/,
        );
      }));

    for (const stride of [0, -1]) {
      it(`conv2d stride ${stride} names stride and the positive bound`, () =>
        disposing((t) => {
          const x = t(zeros([1, 1, 5, 5]));
          const w = t(zeros([1, 1, 3, 3]));
          expect(() => F.conv2d(x, w, null, { stride })).toThrow(new RegExp(`^conv2d: stride must be positive integers but got ${stride}`));
        }));
    }

    it('conv1d stride [0] names stride', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 5]));
        const w = t(zeros([1, 1, 3]));
        expect(() => F.conv1d(x, w, null, { stride: [0] })).toThrow(/^conv1d: stride must be positive integers but got \[0\]/);
      }));

    it('convTranspose2d stride -1 names stride', () =>
      disposing((t) => {
        const x = t(zeros([1, 2, 3, 3]));
        const w = t(zeros([2, 1, 3, 3]));
        expect(() => F.convTranspose2d(x, w, null, { stride: -1 })).toThrow(
          /^convTranspose2d: stride must be positive integers but got -1/,
        );
      }));

    it("conv2d padding 'same' with stride 2 names padding and the stride", () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 6, 6]));
        const w = t(zeros([1, 1, 3, 3]));
        expect(() => F.conv2d(x, w, null, { padding: 'same', stride: 2 })).toThrow(
          /^conv2d: padding='same' is not supported for strided convolutions \(stride \[2, 2\]\)/,
        );
      }));

    it('conv2d bias of the wrong length names bias and one value per output channel', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 5, 5]));
        const w = t(zeros([2, 1, 3, 3]));
        const b = t(zeros([3]));
        expect(() => F.conv2d(x, w, b)).toThrow(/^conv2d: bias has shape \[3\] but expected \[2\] \(one per output channel\)/);
      }));

    it('convTranspose2d bias of the wrong length expects out/groups × groups values', () =>
      disposing((t) => {
        const x = t(zeros([1, 4, 3, 3]));
        const w = t(zeros([4, 3, 3, 3]));
        const b = t(zeros([3]));
        expect(() => F.convTranspose2d(x, w, b, { groups: 2 })).toThrow(/^convTranspose2d: bias has shape \[3\] but expected \[6\]/);
      }));
  });
}

function poolErrors(): void {
  describe('pooling arguments', () => {
    it('maxPool2d kernel larger than the input names kernel size and input', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 3, 3]));
        expect(() => F.maxPool2d(x, { kernelSize: 5 })).toThrow(
          /^maxPool2d: kernel size \[5, 5\] with dilation \[1, 1\] is larger than the padded input \[3, 3\] \+ padding \[0, 0\] \(output size would be 0 in spatial dim 0\)/,
        );
      }));

    it('avgPool2d kernel larger than the input names kernel size and input', () =>
      disposing((t) => {
        const x = t(zeros([1, 2, 4, 6]));
        expect(() => F.avgPool2d(x, { kernelSize: [5, 2] })).toThrow(
          /^avgPool2d: kernel size \[5, 2\] .*larger than the padded input \[4, 6\] \+ padding \[0, 0\] \(output size would be 0 in spatial dim 0\)/,
        );
      }));

    for (const stride of [0, -1]) {
      it(`maxPool2d stride ${stride} names stride and the positive bound`, () =>
        disposing((t) => {
          const x = t(zeros([1, 1, 4, 4]));
          expect(() => F.maxPool2d(x, { kernelSize: 2, stride })).toThrow(
            new RegExp(`^maxPool2d: stride must be positive integers but got ${stride}`),
          );
        }));
      it(`avgPool2d stride ${stride} names stride and the positive bound`, () =>
        disposing((t) => {
          const x = t(zeros([1, 1, 4, 4]));
          expect(() => F.avgPool2d(x, { kernelSize: 2, stride })).toThrow(
            new RegExp(`^avgPool2d: stride must be positive integers but got ${stride}`),
          );
        }));
    }

    it('maxPool2d padding over half the kernel names padding, the kernel and the bound', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 6, 6]));
        expect(() => F.maxPool2d(x, { kernelSize: 3, padding: 2 })).toThrow(
          /^maxPool2d: padding 2 in spatial dim 0 must be at most half the kernel size 3 \(expected ≤ 1\)/,
        );
      }));

    it('avgPool2d padding over half the kernel in one dim names that dim', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 6, 6]));
        expect(() => F.avgPool2d(x, { kernelSize: [4, 2], padding: [2, 2] })).toThrow(
          /^avgPool2d: padding 2 in spatial dim 1 must be at most half the kernel size 2 \(expected ≤ 1\)/,
        );
      }));
  });
}

function classificationErrors(): void {
  describe('classification targets', () => {
    for (const op of ['crossEntropy', 'nllLoss'] as const) {
      const loss = op === 'crossEntropy' ? F.crossEntropy : F.nllLoss;

      it(`${op} with float32 targets names target, int32 and float32`, () =>
        disposing((t) => {
          const input = t(zeros([2, 3]));
          const target = t(tensor([0, 2], [2]));
          expect(() => loss(input, target)).toThrow(new RegExp(`^${op}: target must be int32 class indices but got dtype float32`));
        }));

      // Class indices live on the device; only a backend with synchronous reads checks them at the op's entry.
      it(`${op} with a class index too big names target, the index and the class count`, (ctx) => {
        if (!getBackend().capabilities.readSync) return ctx.skip();
        return disposing((t) => {
          const input = t(zeros([3, 4]));
          const target = t(tensor([0, 4, 1], [3], { dtype: 'int32' }));
          expect(() => loss(input, target)).toThrow(
            new RegExp(`^${op}: target\\[1\\] is 4 but input has 4 classes \\(expected 0 ≤ class < 4, or ignoreIndex -100\\)`),
          );
        });
      });

      it(`${op} with a negative class index that is not ignoreIndex names the index`, (ctx) => {
        if (!getBackend().capabilities.readSync) return ctx.skip();
        return disposing((t) => {
          const input = t(zeros([2, 3, 2, 2]));
          const target = t(tensor([0, 1, 2, 0, 1, 2, -1, 0], [2, 2, 2], { dtype: 'int32' }));
          expect(() => loss(input, target, { ignoreIndex: -5 })).toThrow(
            new RegExp(`^${op}: target\\[6\\] is -1 but input has 3 classes \\(expected 0 ≤ class < 3, or ignoreIndex -5\\)`),
          );
        });
      });

      it(`${op} accepts a negative class index equal to ignoreIndex`, () =>
        disposing((t) => {
          const input = t(zeros([2, 3]));
          const target = t(tensor([-1, 2], [2], { dtype: 'int32' }));
          expect(() => t(loss(input, target, { ignoreIndex: -1 }))).not.toThrow();
        }));
    }

    it('crossEntropy with a class weight of the wrong length names weight and the class count', () =>
      disposing((t) => {
        const input = t(zeros([2, 3]));
        const target = t(tensor([0, 2], [2], { dtype: 'int32' }));
        const weight = t(ones([4]));
        expect(() => F.crossEntropy(input, target, { weight })).toThrow(
          /^crossEntropy: weight has shape \[4\] but expected \[3\] \(one per class\)/,
        );
      }));
  });
}

function mixedBackendErrors(): void {
  describe('backends mixed in one op', () => {
    /** A second, distinct Backend object named 'other' that shares the current backend's kernels. */
    function otherBackend(name = 'other'): Backend {
      const { name: _name, capabilities, ...kernels } = getBackend();
      return defineBackend(name, capabilities, kernels);
    }
    const current = () => escapeRegExp(getBackend().name);

    it('add with other on a different backend names both backends', () =>
      disposing((t) => {
        const a = t(zeros([2, 3]));
        const b = t(zeros([2, 3], { backend: otherBackend() }));
        expect(() => a.add(b)).toThrow(
          new RegExp(`^add: other is on backend 'other' but input is on backend '${current()}'; move one with \\.to\\(backend\\)`),
        );
      }));

    it('conv2d with its weight on a different backend names weight and both backends', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 4, 4]));
        const w = t(zeros([1, 1, 3, 3], { backend: otherBackend() }));
        expect(() => F.conv2d(x, w)).toThrow(new RegExp(`^conv2d: weight is on backend 'other' but input is on backend '${current()}'`));
      }));

    it('matmul across two instances of the same backend says they are different instances', () =>
      disposing((t) => {
        const a = t(zeros([2, 3]));
        const b = t(zeros([3, 2], { backend: otherBackend(getBackend().name) }));
        expect(() => a.matmul(b)).toThrow(
          new RegExp(`^matmul: other is on backend '${current()}' but input is on backend '${current()}' \\(two different instances\\)`),
        );
      }));

    it('crossEntropy with its target on a different backend names target', () =>
      disposing((t) => {
        const logits = t(zeros([2, 3]));
        const target = t(tensor([0, 1], [2], { dtype: 'int32', backend: otherBackend() }));
        expect(() => F.crossEntropy(logits, target)).toThrow(
          new RegExp(`^crossEntropy: target is on backend 'other' but input is on backend '${current()}'`),
        );
      }));
  });
}

function disposedErrors(): void {
  describe('a tensor used after dispose', () => {
    it('add with a disposed input names add, input and its shape', () =>
      disposing((t) => {
        const a = zeros([2, 3]);
        const b = t(zeros([2, 3]));
        a.dispose();
        expect(() => a.add(b)).toThrow(/^add: input was disposed \(shape \[2, 3\], float32\); a tensor cannot be used after dispose\(\)/);
      }));

    it('relu of a disposed tensor names relu', () => {
      const x = zeros([4]);
      x.dispose();
      expect(() => F.relu(x)).toThrow(/^relu: input was disposed \(shape \[4\], float32\)/);
    });

    it('conv2d with a disposed weight names conv2d and weight', () =>
      disposing((t) => {
        const x = t(zeros([1, 1, 4, 4]));
        const w = zeros([1, 1, 3, 3]);
        w.dispose();
        expect(() => F.conv2d(x, w)).toThrow(/^conv2d: weight was disposed \(shape \[1, 1, 3, 3\], float32\)/);
      }));

    it('data() of a disposed tensor rejects naming data', async () => {
      const x = zeros([2, 2]);
      x.dispose();
      await expect(x.data()).rejects.toThrow(/^data: input was disposed \(shape \[2, 2\], float32\)/);
    });

    it('dataSync() of a disposed tensor names dataSync', (ctx) => {
      if (!getBackend().capabilities.readSync) return ctx.skip();
      const x = zeros([3]);
      x.dispose();
      expect(() => x.dataSync()).toThrow(/^dataSync: input was disposed \(shape \[3\], float32\)/);
    });

    it('backward() from a disposed output names backward', () =>
      disposing((t) => {
        const x = t(tensor([1, 2, 3], [3], { requiresGrad: true }));
        const y = x.sum();
        y.dispose();
        expect(() => y.backward()).toThrow(/^backward: .*disposed/);
      }));

    it('backward() through a graph whose input was disposed names the op and the input', () =>
      disposing((t) => {
        const x = tensor([1, 2, 3], [3], { requiresGrad: true });
        const y = t(tidy(() => x.mul(x).sum()));
        x.dispose();
        expect(() => y.backward()).toThrow(/^(backward|mul): (input|other) was disposed \(shape \[3\], float32\)/);
      }));
  });
}

function batchNormErrors(): void {
  describe('batch normalisation arguments', () => {
    it('batchNormTraining with a weight per channel missing names weight and both counts', () =>
      disposing((t) => {
        const [x, w] = [t(zeros([2, 4, 3])), t(ones([3]))];
        expect(() => F.batchNormTraining(x, w)).toThrow(
          /^batchNormTraining: weight has 3 elements \(shape \[3\]\) but input has 4 channels/,
        );
      }));

    it('batchNormTraining with a weight of another dtype names weight and both dtypes', () =>
      disposing((t) => {
        const [x, w] = [t(zeros([2, 3, 2])), t(ones([3], { dtype: 'int32' }))];
        expect(() => F.batchNormTraining(x, w)).toThrow(
          /^batchNormTraining: weight must have dtype float32 but got int32; it must match the input/,
        );
      }));

    it('batchNormTraining of one value per channel names the shape', () =>
      disposing((t) => {
        const x = t(zeros([1, 3, 1]));
        expect(() => F.batchNormTraining(x)).toThrow(
          /^batchNormTraining: expected more than 1 value per channel but input has shape \[1, 3, 1\]/,
        );
      }));

    it('batchNormTraining of a 1-D input names the layout it expects', () =>
      disposing((t) => {
        const x = t(zeros([5]));
        expect(() => F.batchNormTraining(x)).toThrow(
          /^batchNormTraining: input must have at least 2 dimensions \[N, C\] or \[N, C, …\] but got shape \[5\]/,
        );
      }));
  });
}

function shapeErrors(): void {
  describe('shape rules of other ops', () => {
    it('matmul inner dimensions that differ name both shapes', () =>
      disposing((t) => {
        const a = t(zeros([2, 3]));
        const b = t(zeros([4, 5]));
        expect(() => a.matmul(b)).toThrow(/^matmul: input \[2, 3\] has 3 columns but other \[4, 5\] has 4 rows \(expected equal\)/);
      }));

    it('batched matmul with batch dims that do not broadcast names matmul', () =>
      disposing((t) => {
        const a = t(zeros([2, 2, 3]));
        const b = t(zeros([3, 3, 4]));
        expect(() => a.matmul(b)).toThrow(/^matmul: shapes \[2\] \(input\) and \[3\] \(other\) do not broadcast/);
      }));

    it('reshape to a size with a different element count names shape and both sizes', () =>
      disposing((t) => {
        const x = t(zeros([2, 3]));
        expect(() => x.reshape(4, 2)).toThrow(/^reshape: shape \[4, 2\] is invalid for input of size 6 \(shape \[2, 3\]\)/);
      }));

    it('reshape with -1 that cannot divide the size names the shape', () =>
      disposing((t) => {
        const x = t(zeros([7]));
        expect(() => x.reshape(2, -1)).toThrow(/^reshape: shape \[2, -1\] is invalid for input of size 7/);
      }));

    it('linear with the wrong input features names input, weight and both feature counts', () =>
      disposing((t) => {
        const x = t(zeros([2, 3]));
        const w = t(zeros([4, 5]));
        expect(() => F.linear(x, w)).toThrow(/^linear: input has 3 features \(shape \[2, 3\]\) but weight \[4, 5\] expects 5/);
      }));

    it('linear bias of the wrong length names bias and the expected length', () =>
      disposing((t) => {
        const x = t(zeros([2, 5]));
        const w = t(zeros([4, 5]));
        const b = t(zeros([3]));
        expect(() => F.linear(x, w, b)).toThrow(/^linear: bias has shape \[3\] but expected \[4\]/);
      }));

    it('an error inside tidy disposes the tensors tidy created', () =>
      disposing((t) => {
        const b = t(randn([3], { seed: 1 }));
        expect(() => tidy(() => randn([2], { seed: 2 }).mul(2).add(b))).toThrow(
          /^add: shapes \[2\] \(input\) and \[3\] \(other\) do not broadcast/,
        );
      }));
  });
}

/** Runs `body`, then disposes every tensor it handed to `own`, whether or not it threw. */
function disposing(body: (own: (x: Tensor) => Tensor) => void): void {
  const owned: Tensor[] = [];
  try {
    body((x) => {
      owned.push(x);
      return x;
    });
  } finally {
    for (const x of owned) x.dispose();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
