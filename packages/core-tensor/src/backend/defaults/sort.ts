import type { Backend, BinaryOp, DataId, Dense, SortResult, View } from '../backend.js';
import { sizeOf } from '../../shape.js';
import { broadcastView, denseView } from '../views.js';

/** A stable sort of every line along `axis` (NaN above every number), from required kernels. */
export function sort(b: Backend, x: Dense, axis: number, descending: boolean): SortResult {
  return sortedPrefix(b, x, axis, descending, x.shape[axis]!);
}

/** torch.topk: the first k of the sort in the direction `largest` asks for. */
export function topk(b: Backend, x: Dense, k: number, axis: number, largest: boolean): SortResult {
  return sortedPrefix(b, x, axis, largest, k);
}

/**
 * A bitonic sorting network over lines padded to a power of two N: log N · (log N + 1) / 2
 * stages, each a compare-exchange of every element with its partner i XOR j, written as
 * elementwise kernels on the two halves of [rows, N / 2j, 2, j]. The network is not stable by
 * itself, so elements compare as (padding last, value, original position): equal values keep
 * their order and the padding sinks to the end whatever the values are. O(N log² N) work and
 * O(N) memory per line; the first `len` of each line are written back in x's layout.
 */
function sortedPrefix(b: Backend, x: Dense, axis: number, descending: boolean, len: number): SortResult {
  const n = x.shape[axis]!;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const rows = outer * inner;
  const outShape = x.shape.map((d, i) => (i === axis ? len : d));
  if (rows === 0 || len === 0) return { values: b.fill(sizeOf(outShape), 0, x.dtype), indices: b.fill(sizeOf(outShape), 0, 'int32') };
  const width = 2 ** Math.ceil(Math.log2(n));
  const lines = b.copy({ id: x.id, shape: [outer, inner, n], dtype: x.dtype, strides: [n * inner, 1, inner], offset: 0 });
  const ramp = b.write(Int32Array.from({ length: width }, (_, j) => j));
  // Lines as rows: [outer, inner, n] read from x's [outer, n, inner], padded to [rows, width].
  let state: Lines = {
    keys: b.pad(
      { id: lines, shape: [rows, n], dtype: x.dtype },
      [
        [0, 0],
        [0, width - n],
      ],
      0,
    ),
    places: b.copy(broadcastView(denseView(ramp, [width], 'int32'), [rows, width])),
    rows,
    width,
    dtype: x.dtype,
  };
  b.disposeData(lines);
  b.disposeData(ramp);
  try {
    for (let k = 2; k <= width; k *= 2) {
      for (let j = k / 2; j >= 1; j /= 2) {
        const next = exchange(b, state, n, descending, k, j);
        b.disposeData(state.keys);
        b.disposeData(state.places);
        state = { ...state, ...next };
      }
    }
    // Back to x's layout: element (o, t, i) of the result is line o·inner + i, place t.
    const prefix = (id: DataId, dtype: Dense['dtype']): View => ({
      id,
      dtype,
      shape: [outer, len, inner],
      strides: [inner * width, 1, width],
      offset: 0,
    });
    return { values: b.copy(prefix(state.keys, x.dtype)), indices: b.copy(prefix(state.places, 'int32')) };
  } finally {
    b.disposeData(state.keys);
    b.disposeData(state.places);
  }
}

interface Lines {
  readonly keys: DataId;
  readonly places: DataId;
  readonly rows: number;
  readonly width: number;
  readonly dtype: Dense['dtype'];
}

/** One stage: partners j apart; blocks of k alternate between ascending and descending order. */
function exchange(b: Backend, s: Lines, n: number, descending: boolean, k: number, j: number): { keys: DataId; places: DataId } {
  const blocks = s.width / (2 * j);
  const half = [s.rows, blocks, 1, j];
  const halfOf = (id: DataId, dtype: Dense['dtype'], second: boolean): View => ({
    id,
    dtype,
    shape: half,
    strides: [s.width, 2 * j, j, 1],
    offset: second ? j : 0,
  });
  const lo = { key: halfOf(s.keys, s.dtype, false), place: halfOf(s.places, 'int32', false) };
  const hi = { key: halfOf(s.keys, s.dtype, true), place: halfOf(s.places, 'int32', true) };
  const temps: DataId[] = [];
  const made = (id: DataId) => temps[temps.push(id) - 1]!;
  try {
    const cmp = comparisons(b, made, n, descending, half);
    const ascending = made(b.write(Int32Array.from({ length: blocks }, (_, block) => ((block * 2 * j) & k ? 0 : 1))));
    const up: View = { id: ascending, shape: half, dtype: 'int32', strides: [0, 1, 0, 0], offset: 0 };
    // Ascending blocks swap when hi belongs before lo; descending blocks when lo belongs before hi.
    const swap = denseView(made(b.where(up, cmp.before(hi, lo), cmp.before(lo, hi))), half, 'int32');
    const pick = (first: View, second: View): Dense => ({ id: made(b.where(swap, first, second)), shape: half, dtype: first.dtype });
    return {
      keys: b.concat([pick(hi.key, lo.key), pick(lo.key, hi.key)], 2),
      places: b.concat([pick(hi.place, lo.place), pick(lo.place, hi.place)], 2),
    };
  } finally {
    for (const id of temps) b.disposeData(id);
  }
}

interface Element {
  readonly key: View;
  readonly place: View;
}

interface Comparisons {
  /** int32 0/1 of the stage's half shape: `a` comes before `c`. */
  before(a: Element, c: Element): View;
}

/**
 * a before c: a is a real element and c padding (place ≥ n); or both alike and a's value comes
 * first (NaN above every number); or equal values (NaN equal to NaN) and a was first.
 */
function comparisons(b: Backend, made: (id: DataId) => DataId, n: number, descending: boolean, shape: readonly number[]): Comparisons {
  const int = (id: DataId): View => denseView(id, shape, 'int32');
  const constant = (v: number): View => broadcastView(denseView(made(b.fill(1, v, 'int32')), [], 'int32'), shape);
  const bin = (op: BinaryOp, x: View, y: View) => int(made(b.binary(op, x, y, 'int32')));
  const or = (x: View, y: View) => bin('maximum', x, y);
  const and = (x: View, y: View) => bin('mul', x, y);
  const [one, size] = [constant(1), constant(n)];
  const not = (x: View) => bin('sub', one, x);
  return {
    before(a, c) {
      const [padA, padC] = [bin('ge', a.place, size), bin('ge', c.place, size)];
      const [nanA, nanC] = [bin('ne', a.key, a.key), bin('ne', c.key, c.key)];
      const valueFirst = descending ? or(bin('gt', a.key, c.key), and(nanA, not(nanC))) : or(bin('lt', a.key, c.key), and(not(nanA), nanC));
      const valueEqual = or(bin('eq', a.key, c.key), and(nanA, nanC));
      const inOrder = or(valueFirst, and(valueEqual, bin('lt', a.place, c.place)));
      return or(bin('lt', padA, padC), and(bin('eq', padA, padC), inOrder));
    },
  };
}
