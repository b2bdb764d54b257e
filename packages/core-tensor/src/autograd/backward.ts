import type { Tensor } from '../tensor.js';
import { keep, collect, track } from '../memory/scope.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { freeNode } from './node.js';
import { shapesEqual, formatShape } from '../shape.js';
import { accumulate, add, contiguous, onesLike } from '../ops/tensor-methods.js';

export interface BackwardOptions {
  /** Keep the graph for another backward pass (default: createGraph). */
  retainGraph?: boolean;
  /**
   * Record the backward pass itself, as PyTorch's `create_graph=True`, so the gradients have a
   * graph of their own and can be differentiated again (a gradient penalty, gradgradcheck). Its
   * intermediates belong to the enclosing scope (`tidy`), like any op's results.
   */
  createGraph?: boolean;
}

/**
 * Reverse-mode pass from `root`: walks the recorded graph in reverse topological order and
 * accumulates into `.grad` of leaves (tensors that require grad but were not computed).
 * Intermediate gradients are freed as the pass ends (unless `createGraph`); the graph is freed
 * unless `retainGraph`.
 */
export function backward(root: Tensor, grad: Tensor | undefined, opts: BackwardOptions = {}): void {
  const seed = checkRoot('backward', root, grad);
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
  run(root, order, seed, grad, opts, (leaf, g, owned) => {
    assignLeafGrad(leaf, g, owned, opts.createGraph ?? false);
    return null;
  });
}

/**
 * The gradients of `output` with respect to `inputs`, returned rather than accumulated into their
 * `.grad`, as `torch.autograd.grad`. An input the output does not depend on gets null.
 */
export function grad(output: Tensor, inputs: readonly Tensor[], opts: BackwardOptions & { gradOutput?: Tensor } = {}): (Tensor | null)[] {
  const seed = checkRoot('grad', output, opts.gradOutput);
  inputs.forEach((t, i) => {
    t.storage('grad', `inputs[${i}]`);
    if (!t.requiresGrad)
      throw new Error(`grad: inputs[${i}] (shape ${formatShape(t.shape)}) does not require grad (expected every input to)`);
  });
  const order = topologicalOrder(output);
  const found = new Map<Tensor, Tensor>();
  const wanted = new Set(inputs);
  run(
    output,
    order,
    seed,
    opts.gradOutput,
    opts,
    (leaf, g) => {
      if (!wanted.has(leaf)) return null;
      // The user's own gradOutput is returned as a copy, as every other result is a new tensor.
      const result = g === opts.gradOutput ? contiguous(g, true) : g;
      found.set(leaf, result);
      return result;
    },
    wanted,
  );
  return inputs.map((t) => found.get(t) ?? null);
}

function checkRoot(op: string, output: Tensor, seed: Tensor | undefined): () => Tensor {
  output.storage(op, 'output');
  if (!output.requiresGrad) {
    throw new Error(`${op}: tensor does not require grad and has no grad_fn (set requiresGrad on an input)`);
  }
  if (!seed && output.numel() !== 1) {
    throw new Error(
      `${op}: grad can be implicitly created only for one-element outputs, but output has shape ${formatShape(output.shape)}; pass a gradient`,
    );
  }
  if (seed && !shapesEqual(seed.shape, output.shape)) {
    throw new Error(`${op}: grad has shape ${formatShape(seed.shape)} but output has shape ${formatShape(output.shape)} (expected equal)`);
  }
  return () => seed ?? onesLike(output);
}

/**
 * The pass itself: each node's rule maps its output's gradient to its inputs'; `reach` gets the
 * total gradient of every leaf (and of every tensor in `stopAt`, whose own graph is not walked
 * further for it). Without createGraph the rules run under noGrad and everything the pass made
 * but did not hand to `reach` is disposed.
 */
function run(
  output: Tensor,
  order: readonly Tensor[],
  seed: () => Tensor,
  given: Tensor | undefined,
  opts: BackwardOptions,
  /** Returns a tensor that must outlive the pass, as the caller's own (grad's results), or null. */
  reach: (t: Tensor, g: Tensor, owned: boolean) => Tensor | null,
  stopAt: ReadonlySet<Tensor> = new Set(),
): void {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  // Recording the pass, gradients are summed with the differentiable add; else with a bare kernel.
  const sumOf = createGraph ? add : accumulate;
  const freed: Tensor[] = [];
  const survivors = new Set<Tensor>();
  const pass = () => {
    const grads = new Map<Tensor, Tensor>();
    grads.set(output, seed());
    for (const t of order) {
      const dy = grads.get(t);
      const node = t.node;
      if (!dy) continue;
      if (!node || stopAt.has(t)) {
        const kept = reach(t, dy, dy !== given);
        if (kept) survivors.add(kept);
        if (!node) continue;
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
        grads.set(input, prev ? sumOf(prev, g) : g);
      });
    }
  };
  if (createGraph) {
    if (!isGradEnabled()) throw new Error('backward: createGraph needs grad mode on, but it runs inside noGrad()');
    pass();
  } else {
    // Everything the pass made dies with it, but what the caller takes (grad's results), which
    // joins the caller's scope like any op's result.
    for (const t of noGrad(() => collect(pass)).created) {
      if (survivors.has(t)) track(t);
      else t.dispose();
    }
  }
  for (const t of freed) t.dispose();
}

/** `owned`: g was made by this pass, so it may become the leaf's grad without a copy. */
function assignLeafGrad(leaf: Tensor, g: Tensor, owned: boolean, createGraph: boolean): void {
  const next = leaf.grad ? (createGraph ? add : accumulate)(leaf.grad, g) : owned && g.isContiguous ? g : contiguous(g, true);
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
