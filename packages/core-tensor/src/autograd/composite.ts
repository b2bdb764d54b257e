import type { Tensor } from '../tensor.js';
import { collect, keep, track } from '../memory/scope.js';

/**
 * Runs an op built from other ops. Its intermediates may be read by the gradient rules of the
 * graph it records, so when the result carries a graph they stay alive, owned by the result's
 * node, until that graph is freed (end of backward) or the result is disposed. Without a graph
 * they are disposed at once.
 */
export function composite(fn: () => Tensor): Tensor {
  const { result, created } = collect(fn);
  adopt(result, created);
  if (created.includes(result)) track(result);
  return result;
}

/** Makes `result`'s node own `temps`, or disposes them where `result` has no graph. */
export function adopt(result: Tensor, temps: readonly Tensor[]): void {
  const others = temps.filter((t) => t !== result && !t.isDisposed);
  if (others.length === 0) return;
  if (result.node) {
    const owned = (result.node.owned ??= []);
    for (const t of others) owned.push(keep(t));
  } else {
    for (const t of others) t.dispose();
  }
}
