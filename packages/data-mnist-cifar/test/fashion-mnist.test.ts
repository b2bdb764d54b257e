import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMeanStd, DEBIAN_FASHION_MNIST_DIR, loadFashionMnist, sha256Hex } from '../src/index.ts';
import { readMnistFormat } from '../src/datasets/mnist.ts';
import { debianSource } from '../src/datasets/node-loaders.ts';
import { REAL_DATA_TIMEOUT, useTempDir } from './helpers/files.ts';

// The real Fashion-MNIST as Debian's dataset-fashion-mnist package installs it. .ci/run installs
// the package; these tests skip only where it is absent and apt-get is too (a machine that is
// not Debian), and fail where apt-get could have installed it.
const installed = existsSync(`${DEBIAN_FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`);
const aptAvailable = existsSync('/usr/bin/apt-get');
const skip = !installed && !aptAvailable;
if (skip)
  console.warn(
    `fashion-mnist.test.ts: skipped, ${DEBIAN_FASHION_MNIST_DIR} is absent and there is no apt-get to install dataset-fashion-mnist`,
  );

describe.skipIf(skip)(`loadFashionMnist reads Debian's package in ${DEBIAN_FASHION_MNIST_DIR}`, () => {
  const load = async (split: 'train' | 'test') => {
    if (!installed)
      throw new Error(
        `${DEBIAN_FASHION_MNIST_DIR} is missing: install it with \`apt-get install -y dataset-fashion-mnist\` (.ci/run does)`,
      );
    return loadFashionMnist({ split });
  };

  it(
    'reads the 60000 training images, 6000 of each class, with no options at all',
    async () => {
      const train = await loadFashionMnist();
      expect([train.length, train.shape, train.numClasses]).toEqual([60000, [1, 28, 28], 10]);
      expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
      expect(Array.from({ length: 10 }, (_, k) => train.labels.filter((l) => l === k).length)).toEqual(new Array(10).fill(6000));
      // SHA-256 of the pixels of Zalando's train-images-idx3-ubyte (after its 16-byte header).
      expect(await sha256Hex(train.images)).toBe('2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012');
    },
    REAL_DATA_TIMEOUT,
  );

  it(
    'reads the 10000 test images, 1000 of each class',
    async () => {
      const test = await load('test');
      expect([test.length, Array.from(test.labels.subarray(0, 10))]).toEqual([10000, [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]]);
      expect(Array.from({ length: 10 }, (_, k) => test.labels.filter((l) => l === k).length)).toEqual(new Array(10).fill(1000));
      expect(await sha256Hex(test.images)).toBe('c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a');
    },
    REAL_DATA_TIMEOUT,
  );

  it(
    'gives the usual normalisation constants 0.2860 and 0.3530 on the training set',
    async () => {
      const { mean, std } = computeMeanStd(await load('train'));
      expect([Number(mean[0]!.toFixed(4)), Number(std[0]!.toFixed(4))]).toEqual([0.286, 0.353]);
    },
    REAL_DATA_TIMEOUT,
  );

  it(
    'reads the same files when given the directory',
    async () => {
      const test = await loadFashionMnist({ dir: DEBIAN_FASHION_MNIST_DIR, split: 'test' });
      expect(await sha256Hex(test.images)).toBe('c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a');
    },
    REAL_DATA_TIMEOUT,
  );
});

describe('loadFashionMnist without the Debian package', () => {
  const tmp = useTempDir();

  it('names the directory it looked in and the package to install', async () => {
    // The same source loadFashionMnist() uses by default, pointed at an empty directory.
    await expect(readMnistFormat('loadFashionMnist', 'fashion-mnist', debianSource(tmp.dir), 'test')).rejects.toThrow(
      `loadFashionMnist: found none of ${tmp.dir}/t10k-images-idx3-ubyte, ${tmp.dir}/t10k-images-idx3-ubyte.gz; install Debian's package (apt-get install dataset-fashion-mnist), or pass dir or baseUrl`,
    );
  });
});
