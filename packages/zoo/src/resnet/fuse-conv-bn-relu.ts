import { ConvNd, Identity, type Module } from '@stride/layers';
import { BatchNormBase } from '@stride/norm';

/**
 * For a network's `fuse()`: replaces `owner[convKey]` by that convolution with the batch norm at
 * `owner[normKey]` folded in (and ReLU in its bias pass where `relu`), and the batch norm by
 * Identity. Nothing changes where the slot holds no plain convolution (a Sequential of blur pool
 * and conv, which fuse() reaches by recursion) or the norm cannot fold (no running statistics):
 * ReLU must not move ahead of a norm that stays. The replaced convolution and norm are disposed.
 */
export function fuseConvBnRelu<K extends string>(owner: Module & Record<K, unknown>, convKey: K, normKey: K, relu: boolean): void {
  const [conv, norm] = [owner[convKey], owner[normKey]];
  if (!(conv instanceof ConvNd)) return;
  let fused: ConvNd | null = conv;
  if (norm instanceof BatchNormBase) {
    fused = norm.foldInto(conv);
    if (!fused) return;
    (owner as Record<K, unknown>)[normKey] = new Identity().eval();
    (owner as Record<K, unknown>)[convKey] = fused;
    conv.dispose();
    norm.dispose();
  }
  if (relu) fused.fusedRelu = true;
}

/** Whether `m` is a convolution that already applies the ReLU that would follow it. */
export function appliesRelu(m: Module): boolean {
  return m instanceof ConvNd && m.fusedRelu;
}
