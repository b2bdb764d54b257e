import type { Tensor } from '@stride/core-tensor';

/**
 * The window a layer slides over each spatial dim of its input: what the receptive-field
 * recurrence needs. `stride` may be fractional where a layer upsamples (transposed convolution)
 * or pools adaptively.
 */
export interface ReceptiveWindow {
  kernelSize: number[];
  stride: number[];
  dilation: number[];
}

/**
 * Receptive field r and jump j (the input-pixel distance between neighbouring outputs) per
 * spatial dim of the model's input, and the spatial size of the feature map they describe
 * (null once the map has been flattened or pooled away).
 */
export interface FieldState {
  r: number[];
  j: number[];
  size: number[] | null;
}

/**
 * The course's recurrence, run over the calls summary() observes. Each module maps the state of
 * its input tensor to that of its output: r ← r + (k − 1)·d·j and j ← j·stride for a window,
 * unchanged otherwise. When a map loses its spatial dims (Flatten, global pooling, a Linear
 * after a functional flatten) every feature sees the whole map, which is the window of the
 * map's size: r ← r + (n − 1)·j, j ← j·n. A tensor no module made (the output of a functional op
 * or of `a.add(b)`) takes the widest state seen so far, which is what a residual sum or a
 * concatenation sees.
 */
export class ReceptiveFieldTracker {
  readonly #states = new WeakMap<Tensor, FieldState>();
  readonly #recorded: FieldState[] = [];
  readonly #input: FieldState;

  /** r = 1 and j = 1 along each spatial dim of the model's input [N, C, ...spatial]. */
  constructor(input: Tensor) {
    const spatial = input.shape.slice(2);
    this.#input = { r: spatial.map(() => 1), j: spatial.map(() => 1), size: spatial };
    this.#states.set(input, this.#input);
  }

  /** How many states have been recorded: a module's call records those after this mark. */
  mark(): number {
    return this.#recorded.length;
  }

  /**
   * The state of `output` after a module with window `window` (for its input's shape) mapped
   * `input` to it. A module whose inner calls recorded states since `mark` and whose output is
   * a tensor they did not make (a block that sums its branches) takes the widest of them.
   */
  step(input: unknown, output: unknown, window: ReceptiveWindow | null, mark: number): FieldState {
    const known = isTensorLike(output) ? this.#states.get(output) : undefined;
    if (known && output !== input) return known;
    const inner = this.#recorded.slice(mark);
    const next = inner.length ? widest(inner) : this.#through(input, output, window);
    if (isTensorLike(output)) this.#states.set(output, next);
    this.#recorded.push(next);
    return next;
  }

  #through(input: unknown, output: unknown, window: ReceptiveWindow | null): FieldState {
    let s = this.#stateOf(input);
    // The map was flattened by something no module did (a functional flatten before a Linear).
    if (s.size && isTensorLike(input) && input.ndim <= 2) s = collapse(s);
    const applied = window !== null && s.size !== null;
    if (applied) s = slide(s, window);
    if (!isTensorLike(output) || !s.size) return s;
    if (output.ndim > 2) return output.ndim - 2 === s.r.length ? { ...s, size: output.shape.slice(2) } : s;
    // The output has no spatial dims left: a window (global pooling) already covered the map.
    return applied ? { ...s, size: null } : collapse(s);
  }

  /** A tensor no module made takes the widest state recorded so far (memoised, so branches agree). */
  #stateOf(t: unknown): FieldState {
    const known = isTensorLike(t) ? this.#states.get(t) : undefined;
    if (known) return known;
    const guess = this.#recorded.length ? widest(this.#recorded) : this.#input;
    if (isTensorLike(t)) this.#states.set(t, guess);
    return guess;
  }
}

/** Applies a window to the trailing spatial dims of a state (a window over fewer dims leaves the leading ones alone). */
function slide(s: FieldState, w: ReceptiveWindow): FieldState {
  const r = s.r.slice();
  const j = s.j.slice();
  const offset = r.length - w.kernelSize.length;
  w.kernelSize.forEach((k, i) => {
    const d = offset + i;
    if (d < 0) return;
    r[d] = r[d]! + (k - 1) * (w.dilation[i] ?? 1) * j[d]!;
    j[d] = j[d]! * (w.stride[i] ?? 1);
  });
  return { r, j, size: s.size };
}

/** Every feature sees the whole map: the window of the map's own size. */
function collapse(s: FieldState): FieldState {
  const size = s.size ?? [];
  return { r: s.r.map((r, i) => r + ((size[i] ?? 1) - 1) * s.j[i]!), j: s.j.map((j, i) => j * (size[i] ?? 1)), size: null };
}

function widest(states: readonly FieldState[]): FieldState {
  return states.reduce((best, s) => (Math.max(1, ...s.r) >= Math.max(1, ...best.r) ? s : best));
}

function isTensorLike(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && (v as { isTensor?: unknown }).isTensor === true;
}
