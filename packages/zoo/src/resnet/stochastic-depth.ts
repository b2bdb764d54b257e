import { StochasticDepth, type Sequential } from '@stride/layers';
import { BasicBlock } from './basic-block.js';

/**
 * Huang et al. 2016's linear decay rule: with L residual blocks, block l (1-based, input to
 * output) drops its branch with probability p·l/L, so the first blocks, whose features everything
 * after builds on, are dropped least and the last with probability p.
 */
export function linearDropRates(p: number, blocks: number): number[] {
  return Array.from({ length: blocks }, (_, i) => (p * (i + 1)) / blocks);
}

/**
 * Gives every BasicBlock of the stages, in order, a `StochasticDepth(rate, 'row')` on its residual
 * branch (torchvision.ops semantics: per sample, survivors scaled by 1/(1−rate), the identity in
 * eval mode), with the rates of `linearDropRates(p, L)`.
 */
export function addStochasticDepth(stages: readonly Sequential[], p: number): void {
  const blocks = stages.flatMap((stage) => [...stage]).filter((m): m is BasicBlock => m instanceof BasicBlock);
  const rates = linearDropRates(p, blocks.length);
  blocks.forEach((block, i) => {
    block.stochasticDepth = new StochasticDepth(rates[i]!, 'row');
  });
}
