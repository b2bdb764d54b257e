/**
 * The 0.2 ops whose kernels matter for speed, as bench rows: each a shape a CNN meets, timed on
 * every engine that has the op (tfjs's closest public op where it has one; NHWC on its side).
 */
export type OpCase =
  | { op: 'interpolate'; n: number; c: number; size: number; scale: number }
  | { op: 'padReflect'; n: number; c: number; size: number; pad: number }
  | { op: 'indexSelect'; rows: number; width: number; picks: number }
  | { op: 'gather'; rows: number; width: number }
  | { op: 'topk'; rows: number; width: number; k: number }
  | { op: 'blurPool'; n: number; c: number; size: number };

export const OP_CASES: readonly { id: string; name: string; shape: string; case: OpCase }[] = [
  {
    id: 'interpolate-bilinear',
    name: 'interpolate bilinear ×2',
    shape: 'N8 C32 32²→64², alignCorners false',
    case: { op: 'interpolate', n: 8, c: 32, size: 32, scale: 2 },
  },
  {
    id: 'pad-reflect',
    name: "pad 'reflect'",
    shape: 'N32 C64 32²→34², pad 1',
    case: { op: 'padReflect', n: 32, c: 64, size: 32, pad: 1 },
  },
  {
    id: 'index-select',
    name: 'indexSelect (embedding lookup)',
    shape: '[10000, 256] at 4096 rows',
    case: { op: 'indexSelect', rows: 10000, width: 256, picks: 4096 },
  },
  {
    id: 'gather',
    name: 'gather along dim 1',
    shape: '[4096, 256] by an index of the same shape',
    case: { op: 'gather', rows: 4096, width: 256 },
  },
  {
    id: 'topk',
    name: 'topk (top-5 of 1000 classes)',
    shape: '[256, 1000], k 5',
    case: { op: 'topk', rows: 256, width: 1000, k: 5 },
  },
  {
    id: 'blur-pool',
    name: 'blurPool2d (3×3 binomial, stride 2)',
    shape: 'N32 C64 32²→16², reflect',
    case: { op: 'blurPool', n: 32, c: 64, size: 32 },
  },
];

/** The augmentation of one CIFAR batch, timed beside the model's forward pass of the same images. */
export const AUGMENT_BATCH = 64;
