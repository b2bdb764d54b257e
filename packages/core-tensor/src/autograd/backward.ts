import type { Tensor } from '../tensor.js';
import { keep, collect } from '../memory/scope.js';
import { noGrad } from './grad-mode.js';
import { freeNode } from './node.js';
import { shapesEqual, formatShape } from '../shape.js';
import { accumulate, contiguous, onesLike } from '../ops/tensor-methods.js';

/**
 * Reverse-mode pass from `root`: walks the recorded graph in reverse topological order and
 * accumulates into `.grad` of leaves (tensors that require grad but were not computed).
 * Intermediate gradients are freed as the pass ends; the graph is freed unless `retainGraph`.
 */
export function backward(root: Tensor, grad: Tensor | undefined, retainGraph: boolean): void {
  root.storage('backward', 'output');
  if (!root.requiresGrad) {
    throw new Error('backward: tensor does not require grad and has no grad_fn (set requiresGrad on an input)');
  }
  if (!grad && root.numel() !== 1) {
    throw new Error(
      `backward: grad can be implicitly created only for one-element outputs, but output has shape ${formatShape(root.shape)}; pass a gradient`,
    );
  }
  if (grad && !shapesEqual(grad.shape, root.shape)) {
    throw new Error(`backward: grad has shape ${formatShape(grad.shape)} but output has shape ${formatShape(root.shape)} (expected equal)`);
  }
  const order = topologicalOrder(root);
  // Checked before any gradient is computed, so a refused pass changes no other leaf's grad.
  for (const t of order) {
    if (!t.node && t.grad?.isDisposed) {
      throw new Error(
        `backward: the .grad of a leaf tensor (shape ${formatShape(t.shape)}) was disposed, so the new gradient cannot be ` +
          'accumulated into it; set it to null or call zeroGrad() first',
      );
    }
  }
  const freed: Tensor[] = [];
  noGrad(() =>
    disposeCreated(() => {
      const grads = new Map<Tensor, Tensor>();
      grads.set(root, grad ?? onesLike(root));
      for (const t of order) {
        const dy = grads.get(t);
        const node = t.node;
        if (!dy) continue;
        if (!node) {
          assignLeafGrad(t, dy, dy !== grad);
          continue;
        }
        if (!node.gradFn) {
          throw new Error(
            `backward: the graph through ${node.op} was freed by an earlier backward(); pass { retainGraph: true } to the first call`,
          );
        }
        const inputGrads = node.gradFn(dy);
        if (!retainGraph) freeNode(node, freed);
        node.inputs.forEach((input, i) => {
          const g = inputGrads[i];
          if (!g || !input.requiresGrad) return;
          if (!shapesEqual(g.shape, input.shape)) {
            throw new Error(
              `backward: gradient of ${node.op} for input ${i} has shape ${formatShape(g.shape)} but the input has ${formatShape(input.shape)}`,
            );
          }
          const prev = grads.get(input);
          grads.set(input, prev ? accumulate(prev, g) : g);
        });
      }
    }),
  );
  for (const t of freed) t.dispose();
}

/** `owned`: g was made by this pass, so it may become the leaf's grad without a copy. */
function assignLeafGrad(leaf: Tensor, g: Tensor, owned: boolean): void {
  const next = leaf.grad ? accumulate(leaf.grad, g) : owned && g.isContiguous ? g : contiguous(g, true);
  if (leaf.grad && leaf.grad !== next) leaf.grad.dispose();
  leaf.grad = keep(next);
}

/** Tensors reachable from root, each after every tensor that depends on it (iterative DFS). */
function topologicalOrder(root: Tensor): Tensor[] {
  const visited = new Set<Tensor>();
  const post: Tensor[] = [];
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i]!;
      if (next.requiresGrad && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      post.push(t);
    }
  }
  return post.reverse();
}

/** Runs `fn` and disposes every tensor it created that nobody kept. */
function disposeCreated(fn: () => void): void {
  for (const t of collect(fn).created) t.dispose();
}
