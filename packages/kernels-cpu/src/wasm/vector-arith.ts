import { V128, type Code } from './code.js';
import type { Arith } from './winograd-transforms.js';

/** v128 locals handed out in turn and taken back all at once, so straight-line code reuses them. */
export interface TempPool {
  next(): number;
  /** Every local handed out since the last reset is free again. */
  reset(): void;
}

export function tempPool(local: (type?: typeof V128) => number): TempPool {
  const all: number[] = [];
  let used = 0;
  return {
    next() {
      if (used === all.length) all.push(local(V128));
      return all[used++]!;
    },
    reset: () => void (used = 0),
  };
}

/**
 * f32x4 arithmetic on v128 locals: each operation appends its code to `c` and returns the
 * local its result went to, taken from `temps`. A transform written against `Arith` emits
 * straight-line vector code this way.
 */
export function vectorArith(c: Code, temps: TempPool): Arith<number> {
  const binary = (a: number, b: number, op: () => void) => {
    const t = temps.next();
    c.get(a).get(b);
    op();
    c.set(t);
    return t;
  };
  return {
    add: (a, b) => binary(a, b, () => c.f32x4Add()),
    sub: (a, b) => binary(a, b, () => c.f32x4Sub()),
    scale(a, k) {
      const t = temps.next();
      c.get(a).f32x4Const(k).f32x4Mul().set(t);
      return t;
    },
  };
}
