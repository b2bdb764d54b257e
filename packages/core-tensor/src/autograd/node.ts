import type { Tensor } from '../tensor.js';

/** One recorded op: its inputs and the rule that maps the output's gradient to theirs. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** null once a backward pass has freed the graph. */
  gradFn: ((dy: Tensor) => readonly (Tensor | null)[]) | null;
  /** Constants the rule needs (scalars made from number operands); freed with the graph. */
  owned?: Tensor[];
}

/** Frees a node's rule; the tensors it owned go to `sink`, disposed once the whole pass is done. */
export function freeNode(node: GradNode, sink: Tensor[]): void {
  node.gradFn = null;
  if (node.owned) sink.push(...node.owned);
  node.owned = undefined;
}
