import { checkLabels } from '../datasets/check-labels.js';

export interface CifarBatchOptions {
  /** 10: records are 1 label byte + 3072 pixels; 100: coarse label, fine label, 3072 pixels. */
  variant?: 10 | 100;
}

/** The records of one CIFAR binary batch, pixels already NCHW (1024 R, 1024 G, 1024 B each). */
export interface CifarBatch {
  images: Uint8Array;
  /** CIFAR-10 class, or CIFAR-100 fine class (0..99). */
  labels: Uint8Array;
  /** CIFAR-100 superclass (0..19); absent for CIFAR-10. */
  coarseLabels?: Uint8Array;
  length: number;
}

export const CIFAR_PIXELS = 3 * 32 * 32;

/** Parses a CIFAR-10 (`data_batch_N.bin`, `test_batch.bin`) or CIFAR-100 (`train.bin`, `test.bin`) binary file. */
export function parseCifarBatch(bytes: Uint8Array, opts: CifarBatchOptions = {}): CifarBatch {
  const variant = opts.variant ?? 10;
  if (variant !== 10 && variant !== 100) {
    throw new Error(`parseCifarBatch: variant must be 10 or 100, got ${String(variant)}`);
  }
  const labelBytes = variant === 10 ? 1 : 2;
  const record = labelBytes + CIFAR_PIXELS;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new Error(
      `parseCifarBatch: file is ${bytes.length} bytes, not a positive multiple of the CIFAR-${variant} record size ${record} ` +
        `(${labelBytes} label byte${labelBytes > 1 ? 's' : ''} + ${CIFAR_PIXELS} pixels)`,
    );
  }
  const length = bytes.length / record;
  const images = new Uint8Array(length * CIFAR_PIXELS);
  const labels = new Uint8Array(length);
  const coarseLabels = variant === 100 ? new Uint8Array(length) : undefined;
  for (let i = 0, at = 0; i < length; i++, at += record) {
    if (coarseLabels) coarseLabels[i] = bytes[at]!;
    labels[i] = bytes[at + labelBytes - 1]!;
    images.set(bytes.subarray(at + labelBytes, at + record), i * CIFAR_PIXELS);
  }
  if (coarseLabels) {
    checkLabels('parseCifarBatch', 'CIFAR-100 coarse labels', coarseLabels, 20);
    checkLabels('parseCifarBatch', 'CIFAR-100 fine labels', labels, 100);
    return { images, labels, coarseLabels, length };
  }
  checkLabels('parseCifarBatch', 'CIFAR-10 labels', labels, 10);
  return { images, labels, length };
}
