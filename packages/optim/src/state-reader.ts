import { describe, type Check } from './checks.js';
import type { JsonValue } from './json-value.js';

/**
 * Reads a state dict handed to `loadStateDict`, checking each entry with the same checks the
 * constructor applies to its options, so a state dict from another scheduler, or an edited one,
 * is refused with the entry named: `StepLR.loadStateDict: stateDict.stepSize is undefined
 * (expected a positive integer)`.
 */
export class StateReader {
  private readonly where: string;
  private readonly entries: Record<string, unknown>;

  constructor(op: string, stateDict: unknown) {
    this.where = `${op}: `;
    if (!isRecord(stateDict)) {
      throw new Error(`${op}: stateDict is ${describe(stateDict)} (expected an object, as stateDict() returns)`);
    }
    this.entries = stateDict;
  }

  get<T>(key: string, check: Check<T>): T {
    return check(this.where, `stateDict.${key}`, this.entries[key]);
  }

  /** Nested schedulers' states (SequentialLR's), one per scheduler. */
  states(key: string, length: number): { [key: string]: JsonValue }[] {
    const value = this.entries[key];
    if (!Array.isArray(value) || value.length !== length || !value.every(isRecord)) {
      throw new Error(`${this.where}stateDict.${key} is ${describe(value)} (expected ${length} state dicts, one per scheduler)`);
    }
    return value as { [key: string]: JsonValue }[];
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
