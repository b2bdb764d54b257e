import type { Backend, BinaryOp, DataId, UnaryOp, View } from '../backend.js';
import type { DType } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { broadcastView, denseView } from '../views.js';

/** A buffer of the shape being computed, or a number (a 0-d buffer of the dtype, broadcast). */
export type Operand = DataId | number;

/**
 * Elementwise arithmetic on dense buffers of one shape and dtype through the required kernels,
 * the way the tensor ops would run it (numbers become 0-d tensors of the dtype, so they are
 * rounded to it as PyTorch's scalars are). Every buffer it makes is freed by `dispose` except
 * those passed to `keep`.
 */
export function arithmetic(b: Backend, shape: Shape, dtype: DType) {
  const temps = new Set<DataId>();
  const made = (id: DataId) => {
    temps.add(id);
    return id;
  };
  const view = (x: Operand): View =>
    typeof x === 'number' ? broadcastView(denseView(made(b.fill(1, x, dtype)), [], dtype), shape) : denseView(x, shape, dtype);
  return {
    binary: (op: BinaryOp, x: Operand, y: Operand): DataId => made(b.binary(op, view(x), view(y), dtype)),
    unary: (op: UnaryOp, x: Operand): DataId => made(b.unary(op, view(x))),
    copy: (x: DataId): DataId => made(b.copy(view(x))),
    keep(id: DataId): DataId {
      temps.delete(id);
      return id;
    },
    dispose(): void {
      for (const id of temps) b.disposeData(id);
      temps.clear();
    },
  };
}
