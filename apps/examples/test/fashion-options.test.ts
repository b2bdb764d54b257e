import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { FASHION_FLAGS, parseFashionCommand } from '../src/fashion/options.js';
import { cycleEnds } from '../src/fashion/recipe.js';

const parse = (argv: string[]) => parseFashionCommand(parseArgs('train-fashion', argv, FASHION_FLAGS));

describe('train-fashion’s command line', () => {
  it('reads every flag', () => {
    const command = parse(
      '--epochs 7 --batch-size 64 --lr 0.05 --t0 2 --t-mult 3 --mixup 0.2 --patience 4 --snapshots 2 --limit 2000 --eval-limit 500 --val-size 1000 --out o --resume o/last.safetensors --stop-after 3 --seed 5 --data d'.split(
        ' ',
      ),
    );
    expect(command).toEqual({
      recipe: { epochs: 7, batchSize: 64, lr: 0.05, t0: 2, tMult: 3, mixup: 0.2, patience: 4, snapshots: 2, seed: 5 },
      limit: 2000,
      evalLimit: 500,
      valSize: 1000,
      out: 'o',
      resume: 'o/last.safetensors',
      stopAfter: 3,
      data: 'd',
    });
  });
  it('defaults to 15 epochs as three equal cycles of 5 epochs, without mixup', () => {
    const { recipe } = parse([]);
    expect(recipe).toEqual({ epochs: 15, batchSize: 128, lr: 0.1, t0: 5, tMult: 1, mixup: undefined, patience: 10, snapshots: 3, seed: 0 });
    expect(cycleEnds(recipe)).toEqual([5, 10, 15]);
  });
  it('names the flag, the value and what it expects', () => {
    expect(() => parse(['--t0', '1.5'])).toThrow("train-fashion: --t0 is '1.5' (expected an integer >= 1)");
    expect(() => parse(['--mixup=-1'])).toThrow("train-fashion: --mixup is '-1' (expected a positive number)");
    expect(() => parse(['--patience', 'x'])).toThrow("train-fashion: --patience is 'x' (expected an integer >= 0)");
    expect(() => parse(['--lr', ''])).toThrow("train-fashion: --lr is '' (expected a positive number)");
    expect(() => parse(['--epoch', '3'])).toThrow(/^train-fashion: Unknown option '--epoch'/);
  });
  it('lists the cycle ends inside the run only', () => {
    expect(cycleEnds({ t0: 2, tMult: 1, epochs: 7 })).toEqual([2, 4, 6]);
    expect(cycleEnds({ t0: 3, tMult: 2, epochs: 2 })).toEqual([]);
  });
});
