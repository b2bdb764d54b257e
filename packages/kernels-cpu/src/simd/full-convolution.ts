import type { ConvGeometry } from '@stride/core-tensor/backend';
import { fitsPackedIm2col } from '../wasm/im2col-packed.js';
import type { WasmRuntime } from '../wasm/runtime.js';

/*
 * A stride-1 convolution's input gradient as a forward convolution: dx is dy convolved with
 * the weights turned 180° and their channels swapped, padded by k − 1 − p (the "full"
 * convolution), so it runs on the forward pass's fast paths instead of a GEMM and a col2im scatter.
 */

/**
 * A stride-1, undilated, ungrouped convolution's input gradient as a forward convolution of dy
 * (the "full" convolution: padding k − 1 − p), where that one packs its columns from the image;
 * else null. Its output positions are the input's pixels.
 */
export function asFullConvolution(g: ConvGeometry): ConvGeometry | null {
  const full = fullConvolution(g);
  return full && fitsPackedIm2col(full) ? full : null;
}

/** A stride-1, undilated, ungrouped convolution's input gradient as a forward convolution of dy, padded by k − 1 − p; else null. */
export function fullConvolution(g: ConvGeometry): ConvGeometry | null {
  const unit = (t: readonly number[]) => t[1] === 1 && t[2] === 1;
  if (!unit(g.stride) || !unit(g.dilation) || g.groups !== 1) return null;
  const pad = [0, g.kernel[1] - 1 - g.padBefore[1], g.kernel[2] - 1 - g.padBefore[2]] as const;
  if (pad[1] < 0 || pad[2] < 0) return null;
  const full: ConvGeometry = {
    ...g,
    inChannels: g.outChannels,
    outChannels: g.inChannels,
    inSize: g.outSize,
    outSize: g.inSize,
    padBefore: pad,
  };
  return full;
}

/** w [O, C, kh, kw] as [C, O, kh, kw] with each kernel turned 180°, in scratch; returns its address. */
export function flippedWeights(rt: WasmRuntime, w: Float32Array, g: ConvGeometry): number {
  const [o, c, kh, kw] = [g.outChannels, g.inChannels, g.kernel[1], g.kernel[2]];
  const at = rt.alloc(w.length * 4 + 16);
  const out = rt.f32();
  const base = at / 4;
  const taps = kh * kw;
  for (let oi = 0; oi < o; oi++) {
    for (let ci = 0; ci < c; ci++) {
      const from = (oi * c + ci) * taps;
      const to = base + (ci * o + oi) * taps + taps - 1;
      for (let t = 0; t < taps; t++) out[to - t] = w[from + t]!;
    }
  }
  return at;
}
