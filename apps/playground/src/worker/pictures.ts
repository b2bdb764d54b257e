import { noGrad, tidy } from '@stride/core-tensor';
import type { ImageDataset } from '@stride/data-mnist-cifar';
import type { LeNet5 } from '@stride/zoo';
import type { LayerPictures } from '../protocol.ts';
import { normalized } from './trainer.ts';

/**
 * What the first two convolutions do to test image `index`: conv1's filters, the ReLU'd feature
 * maps of conv1 and conv2, and the class probabilities, read back as plain arrays.
 */
export async function layerPictures(model: LeNet5, test: ImageDataset, index: number): Promise<LayerPictures> {
  const { x, y } = test.getBatch([index]);
  const [maps1, maps2, probabilities] = tidy(() =>
    noGrad(() => {
      const input = normalized(x);
      const a = model.relu1.forward(model.conv1.forward(input));
      const b = model.relu2.forward(model.conv2.forward(model.pool1.forward(a)));
      return [a, b, model.forward(input).softmax(1)];
    }),
  );
  try {
    const [image, label, filters, m1, m2, p] = await Promise.all([
      x.data(),
      y.data(),
      model.conv1.weight.data(),
      maps1.data(),
      maps2.data(),
      probabilities.data(),
    ]);
    return {
      testIndex: index,
      label: label[0]!,
      image: Float32Array.from(image),
      filters: Float32Array.from(filters),
      featureMaps: Float32Array.from(m1),
      featureMaps2: Float32Array.from(m2),
      probabilities: Float32Array.from(p),
    };
  } finally {
    for (const t of [x, y, maps1, maps2, probabilities]) t.dispose();
  }
}
