import { existsSync } from 'node:fs';
import { DEBIAN_FASHION_MNIST_DIR, loadFashionMnist, type ImageDataset } from '@stride/data-mnist-cifar';

// The real Fashion-MNIST as Debian's dataset-fashion-mnist installs it (.ci/run installs it). As in
// the data package's tests, skip only where the files and apt-get are both absent (not Debian);
// where apt-get could have installed them, a missing package fails with the command to run.
const installed = existsSync(`${DEBIAN_FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`);
export const skipFashion = !installed && !existsSync('/usr/bin/apt-get');

export function warnIfSkipped(file: string): void {
  if (skipFashion)
    console.warn(`${file}: skipped, ${DEBIAN_FASHION_MNIST_DIR} is absent and there is no apt-get to install dataset-fashion-mnist`);
}

export async function fashion(split: 'train' | 'test'): Promise<ImageDataset> {
  if (!installed) {
    throw new Error(`${DEBIAN_FASHION_MNIST_DIR} is missing: install it with \`apt-get install -y dataset-fashion-mnist\` (.ci/run does)`);
  }
  return loadFashionMnist({ split });
}
