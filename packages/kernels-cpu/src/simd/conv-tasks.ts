import type { ConvGeometry } from '@stride/core-tensor/backend';
import { groupLayout } from '../loops/conv.js';
import type { KernelCall, Task } from '../threads/kernel-call.js';
import { MAX_TASKS } from '../threads/task-runner.js';
import type { ImageArgs } from '../wasm/kernel-params.js';

/*
 * How a convolution becomes thread-pool tasks: runs of samples per group, each round one
 * sample, its image and output addresses stepping by a sample's bytes.
 */

/** Below this many multiply-adds a convolution runs on the calling thread alone. */
export const PARALLEL_MACS = 1 << 20;

/**
 * Tasks over (group, run of samples): `calls(gi, n0)` gives the first sample's calls, whose
 * stepped arguments advance one sample per round. Small convolutions stay one task per group.
 */
export function sampleTasks(g: ConvGeometry, threads: number, calls: (gi: number, n0: number) => Task['calls']): Task[] {
  const s = groupLayout(g);
  const macs = g.batch * g.outChannels * s.rows * s.positions;
  const perGroup =
    macs < PARALLEL_MACS || threads === 1 ? 1 : Math.max(1, Math.min(g.batch, Math.floor(MAX_TASKS / g.groups), 4 * threads));
  const tasks: Task[] = [];
  for (let gi = 0; gi < g.groups; gi++) {
    for (let chunk = 0; chunk < perGroup; chunk++) {
      const n0 = Math.floor((chunk * g.batch) / perGroup);
      const n1 = Math.floor(((chunk + 1) * g.batch) / perGroup);
      if (n1 > n0) tasks.push({ calls: calls(gi, n0), repeat: n1 - n0 });
    }
  }
  return tasks;
}

/** The image and geometry arguments im2col, col2im, im2col_packed and conv_forward start with. */
export function imageArgs(g: ConvGeometry, channels: number, imageAt: number): ImageArgs {
  // The kernels are 2-D: the (height, width) of each of the geometry's (depth, height, width).
  const [, h, w] = g.inSize;
  const [, kh, kw] = g.kernel;
  const [, sh, sw] = g.stride;
  const [, ph, pw] = g.padBefore;
  const [, dh, dw] = g.dilation;
  const [, oh, ow] = g.outSize;
  return { image: imageAt, channels, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

/** Bytes from one sample's image to the next's. */
export function sampleBytes(g: ConvGeometry): number {
  return g.inChannels * g.inSize[1] * g.inSize[2] * 4;
}

/** im2col (or col2im) of one sample's `channels` channels at `imageAt`, stepping one sample per round. */
export function im2colCall(
  g: ConvGeometry,
  channels: number,
  imageAt: number,
  colsAt: number,
  pitch: number,
  kernel: 'im2col' | 'col2im',
): KernelCall {
  return {
    kernel,
    args: { ...imageArgs(g, channels, imageAt), cols: colsAt, pitch },
    perThread: ['cols'],
    step: { image: sampleBytes(g) },
  };
}
