import { describe } from '../errors/describe.js';
import type { ResizeMode } from './resample.js';

/** Fails clearly when a transform factory is called without its options object. */
export function checkOptionsObject(op: string, opts: unknown, fields: string): void {
  if (typeof opts !== 'object' || opts === null) throw new Error(`${op}: expected an options object { ${fields} }, got ${describe(opts)}`);
}

export function checkMode(op: string, mode: ResizeMode | undefined): ResizeMode {
  const m = mode ?? 'bilinear';
  if (m !== 'bilinear' && m !== 'nearest') throw new Error(`${op}: mode must be 'bilinear' or 'nearest', got ${describe(m)}`);
  return m;
}

/** Where a range's ends may lie: at least 0, above 0, or within [0, 1]. */
export type RangeBounds = 'non-negative' | 'positive' | 'unit';

const BOUNDS: Record<RangeBounds, { ok: (v: number) => boolean; text: string }> = {
  'non-negative': { ok: (v) => v >= 0 && v < Number.POSITIVE_INFINITY, text: 'both finite and at least 0' },
  positive: { ok: (v) => v > 0 && v < Number.POSITIVE_INFINITY, text: 'both finite and above 0' },
  unit: { ok: (v) => v >= 0 && v <= 1, text: 'both in [0, 1]' },
};

/** A [min, max] range with min <= max and both ends within `bounds`. */
export function checkRange(op: string, name: string, range: unknown, bounds: RangeBounds): [number, number] {
  const { ok, text } = BOUNDS[bounds];
  if (!(Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number' && ok(v)) && range[0] <= range[1])) {
    throw new Error(`${op}: ${name} must be [min, max] with min <= max, ${text}, got ${describe(range)}`);
  }
  return [range[0] as number, range[1] as number];
}

/** A probability in [0, 1]. */
export function checkProbability(op: string, p: unknown): number {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`${op}: p must be in [0, 1], got ${describe(p)}`);
  return p;
}
