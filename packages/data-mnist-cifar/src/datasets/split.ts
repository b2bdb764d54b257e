export type Split = 'train' | 'test';

/** Checks `split`, defaulting to 'train' as torchvision's `train=True` does. */
export function resolveSplit(op: string, split: Split | undefined): Split {
  const s = split ?? 'train';
  if (s !== 'train' && s !== 'test') throw new Error(`${op}: split must be 'train' or 'test', got '${String(s)}'`);
  return s;
}
