import { readFileSync } from 'node:fs';
import type { ImageBatch } from '../../src/index.ts';

type Shape = [number, number, number, number];

/** One torchvision call: its input batch (by name), its parameters and its output. */
export interface TorchvisionCase {
  input: string;
  expectedShape: Shape;
  expected: number[];
  size?: number | [number] | [number, number];
  mode?: 'bilinear' | 'nearest';
  box?: [number, number, number, number];
  adjust?: 'brightness' | 'contrast' | 'saturation' | 'hue';
  factor?: number;
}

interface Fixture {
  torch: string;
  torchvision: string;
  inputs: Record<string, { shape: Shape; data: number[] }>;
  resize: TorchvisionCase[];
  centerCrop: TorchvisionCase[];
  resizedCrop: TorchvisionCase[];
  adjust: TorchvisionCase[];
  meanStd: { shape: Shape; pixels: number[]; mean: number[]; std: number[] };
}

// Written by scripts/gen_torchvision.py with Debian's torch 1.13 and torchvision 0.14.
export const torchvision = JSON.parse(readFileSync(new URL('../fixtures/torchvision.json', import.meta.url), 'utf8')) as Fixture;

/** A fresh copy of a fixture input (transforms may work in place). */
export function inputOf(c: TorchvisionCase): ImageBatch {
  const { shape, data } = torchvision.inputs[c.input]!;
  return { data: Float32Array.from(data), shape };
}

/** The largest |got - expected|, NaN if the lengths differ. */
export function maxAbsDiff(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (got.length !== expected.length) return Number.NaN;
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
  return worst;
}

/** How a case reads in a test name. */
export function label(c: TorchvisionCase): string {
  const shape = torchvision.inputs[c.input]!.shape;
  return `[${shape.join(', ')}] → ${JSON.stringify(c.size ?? c.factor)}${c.mode ? ` ${c.mode}` : ''}`;
}
