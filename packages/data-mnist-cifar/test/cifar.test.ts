import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10, loadCifar100, parseCifarBatch } from '../src/index.ts';
import { cifar100Records, cifar10Records } from './helpers/cifar-records.ts';
import { useTempDir } from './helpers/files.ts';

describe('parseCifarBatch', () => {
  it('splits CIFAR-10 records into labels and NCHW pixels', () => {
    const file = cifar10Records([3, 0, 9], 1);
    const batch = parseCifarBatch(file.bytes, { variant: 10 });
    expect(batch.length).toBe(3);
    expect(Array.from(batch.labels)).toEqual([3, 0, 9]);
    expect(batch.coarseLabels).toBeUndefined();
    expect(Buffer.compare(batch.images, file.images)).toBe(0);
  });

  it('reads CIFAR-10 when no variant is given', () => {
    expect(Array.from(parseCifarBatch(cifar10Records([7], 2).bytes).labels)).toEqual([7]);
  });

  it('reads the coarse then the fine label of CIFAR-100 records', () => {
    const file = cifar100Records([99, 0, 42], [19, 0, 7], 3);
    const batch = parseCifarBatch(file.bytes, { variant: 100 });
    expect(Array.from(batch.labels)).toEqual([99, 0, 42]);
    expect(Array.from(batch.coarseLabels!)).toEqual([19, 0, 7]);
    expect(Buffer.compare(batch.images, file.images)).toBe(0);
  });

  it('rejects a length that is not a multiple of the record size', () => {
    const bytes = cifar10Records([1, 2], 4).bytes.subarray(0, 3073 + 100);
    expect(() => parseCifarBatch(bytes)).toThrow(
      'parseCifarBatch: file is 3173 bytes, not a positive multiple of the CIFAR-10 record size 3073 (1 label byte + 3072 pixels)',
    );
    expect(() => parseCifarBatch(cifar10Records([1, 2], 4).bytes, { variant: 100 })).toThrow(
      /not a positive multiple of the CIFAR-100 record size 3074/,
    );
  });

  it('rejects an empty file', () => {
    expect(() => parseCifarBatch(new Uint8Array(0))).toThrow(/file is 0 bytes/);
  });

  it('rejects a CIFAR-10 label of 10', () => {
    expect(() => parseCifarBatch(cifar10Records([1, 10], 5).bytes)).toThrow(
      'parseCifarBatch: CIFAR-10 labels has label 10 at record 1, but labels must be in 0..9 (10 classes)',
    );
  });

  it('rejects a CIFAR-100 fine label of 100', () => {
    expect(() => parseCifarBatch(cifar100Records([100], [1], 6).bytes, { variant: 100 })).toThrow(
      /CIFAR-100 fine labels has label 100 at record 0, but labels must be in 0\.\.99/,
    );
  });

  it('rejects a CIFAR-100 coarse label of 20', () => {
    expect(() => parseCifarBatch(cifar100Records([5, 6], [1, 20], 7).bytes, { variant: 100 })).toThrow(
      /CIFAR-100 coarse labels has label 20 at record 1, but labels must be in 0\.\.19/,
    );
  });

  it('rejects a variant other than 10 or 100', () => {
    expect(() => parseCifarBatch(new Uint8Array(3073), { variant: 20 as 10 })).toThrow(
      'parseCifarBatch: variant must be 10 or 100, got 20',
    );
  });
});

describe('loadCifar10 / loadCifar100', () => {
  const tmp = useTempDir();

  it('concatenates data_batch_1..5.bin in order from cifar-10-batches-bin/', async () => {
    const batches = [[0, 1], [2], [3, 4, 5], [6], [7, 8]].map((labels, i) => cifar10Records(labels, 10 + i));
    await mkdir(join(tmp.dir, 'cifar-10-batches-bin'));
    await Promise.all(batches.map((b, i) => writeFile(join(tmp.dir, 'cifar-10-batches-bin', `data_batch_${i + 1}.bin`), b.bytes)));
    const train = await loadCifar10({ dir: tmp.dir, split: 'train' });
    expect([train.length, train.shape, train.numClasses]).toEqual([9, [3, 32, 32], 10]);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Buffer.compare(train.images.subarray(3 * 3072, 6 * 3072), batches[2]!.images)).toBe(0);
  });

  it('reads test_batch.bin placed directly in dir', async () => {
    const file = cifar10Records([4, 9, 1], 20);
    await writeFile(join(tmp.dir, 'test_batch.bin'), file.bytes);
    const test = await loadCifar10({ dir: tmp.dir, split: 'test' });
    expect(Array.from(test.labels)).toEqual([4, 9, 1]);
    expect(Buffer.compare(test.images, file.images)).toBe(0);
  });

  it('names the missing batch and both places it looked', async () => {
    await expect(loadCifar10({ dir: tmp.dir, split: 'test' })).rejects.toThrow(
      /loadCifar10: found none of .*cifar-10-batches-bin\/test_batch\.bin, .*\/test_batch\.bin; download them with download\(\{ dataset: 'cifar10', dir \}\)/,
    );
  });

  it('names the file when a batch is malformed', async () => {
    await writeFile(join(tmp.dir, 'test_batch.bin'), new Uint8Array(3074));
    await expect(loadCifar10({ dir: tmp.dir, split: 'test' })).rejects.toThrow(
      /loadCifar10: .*test_batch\.bin: parseCifarBatch: file is 3074 bytes/,
    );
  });

  it('gives CIFAR-100 fine labels (100 classes) by default', async () => {
    const file = cifar100Records([99, 12], [19, 3], 30);
    await mkdir(join(tmp.dir, 'cifar-100-binary'));
    await writeFile(join(tmp.dir, 'cifar-100-binary', 'train.bin'), file.bytes);
    const train = await loadCifar100({ dir: tmp.dir });
    expect([train.length, train.numClasses, Array.from(train.labels)]).toEqual([2, 100, [99, 12]]);
    expect(Buffer.compare(train.images, file.images)).toBe(0);
  });

  it('gives CIFAR-100 coarse labels (20 classes) when asked', async () => {
    await writeFile(join(tmp.dir, 'test.bin'), cifar100Records([99, 12, 0], [19, 3, 0], 31).bytes);
    const test = await loadCifar100({ dir: tmp.dir, split: 'test', labels: 'coarse' });
    expect([test.length, test.numClasses, Array.from(test.labels)]).toEqual([3, 20, [19, 3, 0]]);
  });
});
