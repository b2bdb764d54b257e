import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * How much the property tests run. `npm test` uses a fixed seed and a bounded count; `npm run
 * fuzz` raises NUM_RUNS (and FUZZ_SEED picks another seed) for a longer local run.
 */
export const NUM_RUNS = positive(process.env.NUM_RUNS, 150);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** fast-check parameters for one property: the shared seed and NUM_RUNS scaled by `weight`. */
export function runs(weight = 1): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(NUM_RUNS * weight)) };
}

/** A vitest timeout that grows with NUM_RUNS, so a longer fuzz run is not cut short. */
export function timeoutFor(msPerRun: number, weight = 1): number {
  return Math.max(20_000, msPerRun * NUM_RUNS * weight);
}

/** Byte changes to apply to a valid file: each sets the byte at `index` (modulo the length) to `value`. */
export interface Mutation {
  index: number;
  value: number;
}

export const mutations = (maxCount = 3): fc.Arbitrary<Mutation[]> =>
  fc.array(fc.record({ index: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: maxCount });

/** A copy of `bytes` with the mutations applied; the second value lists the positions that really changed. */
export function mutate(bytes: Uint8Array, changes: readonly Mutation[]): { bytes: Uint8Array; changed: number[] } {
  const out = bytes.slice();
  for (const { index, value } of changes) if (out.length > 0) out[index % out.length] = value;
  const changed: number[] = [];
  for (let i = 0; i < out.length; i++) if (out[i] !== bytes[i]) changed.push(i);
  return { bytes: out, changed };
}

/** What a parser did with some bytes: its result, or the Error it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: e as Error };
  }
}

export async function attemptAsync<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, error: e as Error };
  }
}

/**
 * A clear error: a plain Error (not a TypeError, RangeError or anything the runtime threw on
 * its own) whose message starts with the parser's name.
 */
export function expectClearError(outcome: Outcome<unknown>, op: string): void {
  if (outcome.ok) throw new Error(`${op} accepted input it should have rejected`);
  expect(outcome.error.constructor).toBe(Error);
  expect(outcome.error.message.startsWith(`${op}: `)).toBe(true);
  expect(outcome.error.message.length).toBeLessThan(1000);
}

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}
