import type { Recipe } from './recipe.js';

/** The command line of train-fashion, checked. */
export interface FashionCommand {
  recipe: Recipe;
  /** Train on the first N images of the training split (all when absent). */
  limit: number | undefined;
  /** Validate and test on the first N images of each (all when absent). */
  evalLimit: number | undefined;
  valSize: number;
  out: string;
  resume: string | undefined;
  stopAfter: number | undefined;
  /** Fashion-MNIST's IDX files; absent: Debian's dataset-fashion-mnist. */
  data: string | undefined;
}

export const FASHION_FLAGS = [
  'epochs',
  'batch-size',
  'lr',
  't0',
  't-mult',
  'mixup',
  'patience',
  'snapshots',
  'limit',
  'eval-limit',
  'val-size',
  'out',
  'resume',
  'stop-after',
  'seed',
  'data',
] as const;

type Flags = Partial<Record<(typeof FASHION_FLAGS)[number], string>>;

/** The defaults: 15 epochs as three equal cycles of 5 (t0 5, tMult 1), batch 128, lr 0.1. */
export function parseFashionCommand(flags: Flags): FashionCommand {
  const int = (name: keyof Flags, fallback: number, min = 1): number => {
    const text = flags[name];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!(text.trim() !== '' && Number.isSafeInteger(value) && value >= min)) {
      throw new Error(`train-fashion: --${name} is '${text}' (expected an integer >= ${min})`);
    }
    return value;
  };
  const positive = (name: keyof Flags): number | undefined => {
    const text = flags[name];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!(text.trim() !== '' && value > 0 && Number.isFinite(value))) {
      throw new Error(`train-fashion: --${name} is '${text}' (expected a positive number)`);
    }
    return value;
  };
  const recipe: Recipe = {
    epochs: int('epochs', 15),
    batchSize: int('batch-size', 128),
    lr: positive('lr') ?? 0.1,
    t0: int('t0', 5),
    tMult: int('t-mult', 1),
    mixup: positive('mixup'),
    patience: int('patience', 10, 0),
    snapshots: int('snapshots', 3),
    seed: int('seed', 0, 0),
  };
  if (recipe.seed >= 2 ** 32) throw new Error(`train-fashion: --seed is ${recipe.seed} (expected an integer in [0, 2^32))`);
  const optional = (name: keyof Flags): number | undefined => (flags[name] === undefined ? undefined : int(name, 0));
  return {
    recipe,
    limit: optional('limit'),
    evalLimit: optional('eval-limit'),
    valSize: int('val-size', 5000),
    out: flags.out ?? 'fashion-run',
    resume: flags.resume,
    stopAfter: optional('stop-after'),
    data: flags.data,
  };
}
