import type { Backend, DataId, Dense, OptionalKernels, View } from '../backend.js';
import { broadcastView, denseView } from '../views.js';

/** mul, add and relu kernels in turn, each over the previous one's output. */
export function channelAffine(
  b: Backend,
  x: Dense,
  scale: Dense | null,
  shift: Dense | null,
  relu: boolean,
): ReturnType<OptionalKernels['channelAffine']> {
  const perChannel = x.shape.map((d, i) => (i === 1 ? d : 1));
  const channel = (t: Dense) => broadcastView(denseView(t.id, perChannel, x.dtype), x.shape);
  let current: View = denseView(x.id, x.shape, x.dtype);
  let owned: DataId | null = null;
  const next = (id: DataId) => {
    if (owned) b.disposeData(owned);
    owned = id;
    current = denseView(id, x.shape, x.dtype);
  };
  if (scale) next(b.binary('mul', current, channel(scale), x.dtype));
  if (shift) next(b.binary('add', current, channel(shift), x.dtype));
  if (relu) next(b.unary('relu', current));
  return owned ?? b.copy(current);
}
