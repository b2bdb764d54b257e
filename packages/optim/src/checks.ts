/**
 * Option checks shared by the schedulers' constructors and their loadStateDict: each returns the
 * value it was given, or throws naming where (`StepLR: ` or `StepLR.loadStateDict: `), the option,
 * what was expected and what was given, e.g. `StepLR: stepSize is 0 (expected a positive integer)`.
 */
export type Check<T> = (where: string, name: string, value: unknown) => T;

export const aNumber: Check<number> = (where, name, value) => {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(where, name, value, 'a number');
  return value;
};

export const nonNegativeNumber: Check<number> = (where, name, value) => {
  if (typeof value !== 'number' || !(value >= 0)) fail(where, name, value, 'a number >= 0');
  return value;
};

export const positiveNumber: Check<number> = (where, name, value) => {
  if (typeof value !== 'number' || !(value > 0)) fail(where, name, value, 'a number > 0');
  return value;
};

export const positiveInteger: Check<number> = (where, name, value) => {
  if (!Number.isInteger(value) || (value as number) < 1) fail(where, name, value, 'a positive integer');
  return value as number;
};

export const nonNegativeInteger: Check<number> = (where, name, value) => {
  if (!Number.isInteger(value) || (value as number) < 0) fail(where, name, value, 'an integer >= 0');
  return value as number;
};

/** An epoch counter: -1 before the first step, as PyTorch's last_epoch. */
export const epochCounter: Check<number> = (where, name, value) => {
  if (!Number.isInteger(value) || (value as number) < -1) fail(where, name, value, 'an integer >= -1');
  return value as number;
};

export const aBoolean: Check<boolean> = (where, name, value) => {
  if (typeof value !== 'boolean') fail(where, name, value, 'true or false');
  return value;
};

export function numberIn(min: number, max: number, { openMin = false, openMax = false } = {}): Check<number> {
  return (where, name, value) => {
    const ok = typeof value === 'number' && (openMin ? value > min : value >= min) && (openMax ? value < max : value <= max);
    if (!ok) fail(where, name, value, `a number in ${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'}`);
    return value as number;
  };
}

/** One of a few strings, spelled as PyTorch spells them. */
export function oneOf<T extends string>(allowed: readonly T[]): Check<T> {
  return (where, name, value) => {
    if (!allowed.includes(value as T)) fail(where, name, value, listOr(allowed.map((a) => `'${a}'`)));
    return value as T;
  };
}

/** Integers each larger than the one before, from `min` on (MultiStepLR's and SequentialLR's milestones). */
export function increasingIntegers(min: number): Check<number[]> {
  return (where, name, value) => {
    const expected = `an array of increasing integers >= ${min}`;
    if (!Array.isArray(value)) fail(where, name, value, expected);
    value.forEach((v: unknown, i) => {
      if (!Number.isInteger(v) || (v as number) < min) fail(where, `${name}[${i}]`, v, `an integer >= ${min}`);
      if (i > 0 && (v as number) <= (value[i - 1] as number)) {
        throw new Error(
          `${where}${name} is ${describe(value)} (expected increasing integers, but ${name}[${i}] = ${String(v)} is not above ${name}[${i - 1}] = ${String(value[i - 1])})`,
        );
      }
    });
    return [...(value as number[])];
  };
}

/** A list of `length` numbers, one per param group. */
export function numberList(length: number): Check<number[]> {
  return (where, name, value) => {
    const ok = Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && !Number.isNaN(v));
    if (!ok) fail(where, name, value, `${length} numbers, one per param group`);
    return [...(value as number[])];
  };
}

/** A number for every param group, or a list with one per group (PyTorch's _format_param). */
export function perGroup(groups: number, check: Check<number> = aNumber): Check<number[]> {
  return (where, name, value) => {
    if (!Array.isArray(value)) return new Array<number>(groups).fill(check(where, name, value));
    if (value.length !== groups) fail(where, name, value, `a number or ${groups} numbers, one per param group`);
    return value.map((v: unknown, i) => check(where, `${name}[${i}]`, v));
  };
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === undefined || typeof value === 'function') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function fail(where: string, name: string, value: unknown, expected: string): never {
  throw new Error(`${where}${name} is ${describe(value)} (expected ${expected})`);
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
