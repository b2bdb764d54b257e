/** CIFAR binary records with random pixels and the given labels, in the real file format. */
export interface CifarRecords {
  bytes: Uint8Array;
  images: Uint8Array;
  labels: number[];
  coarseLabels?: number[];
}

const PIXELS = 3072;

/** CIFAR-10 records: 1 label byte + 3072 pixels each. */
export function cifar10Records(labels: number[], seed: number): CifarRecords {
  return records(
    labels.map((l) => [l]),
    seed,
    { labels },
  );
}

/** CIFAR-100 records: coarse label byte, fine label byte, 3072 pixels each. */
export function cifar100Records(fine: number[], coarse: number[], seed: number): CifarRecords {
  return records(
    fine.map((f, i) => [coarse[i]!, f]),
    seed,
    { labels: fine, coarseLabels: coarse },
  );
}

function records(labelBytes: number[][], seed: number, labels: { labels: number[]; coarseLabels?: number[] }): CifarRecords {
  const record = labelBytes[0]!.length + PIXELS;
  const bytes = new Uint8Array(labelBytes.length * record);
  const images = new Uint8Array(labelBytes.length * PIXELS);
  let state = seed >>> 0;
  for (let i = 0; i < images.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // a plain LCG: any pixels will do
    images[i] = state >>> 24;
  }
  labelBytes.forEach((l, i) => {
    bytes.set(l, i * record);
    bytes.set(images.subarray(i * PIXELS, (i + 1) * PIXELS), i * record + l.length);
  });
  return { bytes, images, ...labels };
}
