import type { Module } from '../module/module.js';
import type { ConvNd } from './conv.js';

/**
 * A layer that eval-mode inference can fold into the convolution before it (@stride/norm's batch
 * norms): `foldInto(conv)` returns a new eval-mode convolution computing this layer of that
 * convolution, or null where this layer cannot be folded (no running statistics). Layers
 * declare it so `fuse()` in this package needs no import of theirs.
 */
export interface FoldsIntoConv {
  foldInto(conv: ConvNd): ConvNd | null;
}

export function foldsIntoConv(m: Module | undefined): m is Module & FoldsIntoConv {
  return typeof (m as Partial<FoldsIntoConv> | undefined)?.foldInto === 'function';
}
