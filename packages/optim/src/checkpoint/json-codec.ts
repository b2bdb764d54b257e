import type { JsonValue } from '../json-value.js';

/**
 * JSON for a checkpoint's metadata that keeps every number bit for bit: JSON has no Infinity,
 * NaN or -0 (ReduceLROnPlateau's best starts at Infinity), so those are written as
 * {"__number__": "Infinity"} and read back as numbers. Finite numbers round-trip exactly, as
 * JSON.stringify writes the shortest decimal that reads back as the same double.
 */
export function encodeJson(op: string, name: string, value: unknown): string {
  return JSON.stringify(toEncodable(op, name, value, new Set()));
}

export function decodeJson(text: string): JsonValue {
  return JSON.parse(text, (_key, v: unknown) => (isTaggedNumber(v) ? Number(v[TAG]) : v)) as JsonValue;
}

const TAG = '__number__';

function toEncodable(op: string, path: string, value: unknown, seen: Set<object>): unknown {
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  const expected = '(expected JSON data: numbers, strings, booleans, null, arrays and plain objects)';
  if (typeof value !== 'object') throw new Error(`${op}: ${path} is ${typeof value} ${expected}`);
  if (seen.has(value)) throw new Error(`${op}: ${path} refers back to an object that contains it ${expected}`);
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((v, i) => toEncodable(op, `${path}[${i}]`, v, seen));
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`${op}: ${path} is a ${(value as object).constructor?.name ?? 'non-plain object'} ${expected}`);
    }
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    out = Object.fromEntries(entries.map(([k, v]) => [k, toEncodable(op, `${path}.${k}`, v, seen)]));
  }
  seen.delete(value);
  return out;
}

function isTaggedNumber(v: unknown): v is { [TAG]: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === TAG && typeof (v as Record<string, unknown>)[TAG] === 'string';
}
