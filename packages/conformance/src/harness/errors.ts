import { expect, it } from 'vitest';
import { getBackend, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import { defineBackend } from '@stride/core-tensor/backend';
import { has, type Capability } from './capabilities.js';
import { disposing, type Own } from './disposing.js';

/**
 * Bad input and the error it must give at the op's entry: a message naming the op, the argument,
 * the expected value and the actual one (STYLE.md), on every backend.
 */
export interface ErrorCase {
  /** States the bad input and what the message names. */
  name: string;
  /** Provokes the error and checks the message; the tensors it hands to `own` are disposed after, thrown or not. */
  check: (own: Own) => void | Promise<void>;
  /** A capability the check relies on; backends without it skip the case. */
  requires?: Capability;
}

export function errorCase(name: string, check: ErrorCase['check'], opts: { requires?: Capability } = {}): ErrorCase {
  return { name, check, ...opts };
}

/** Registers one error-message test. */
export function errorTest({ name, check, requires }: ErrorCase): void {
  it(name, (ctx) => {
    if (requires && !has(requires)) return ctx.skip();
    return disposing(check);
  });
}

/** A second, distinct Backend object named `name` that shares the current backend's kernels. */
export function otherBackend(name = 'other'): Backend {
  const { name: _name, capabilities, ...kernels } = getBackend();
  return defineBackend(name, capabilities, kernels);
}

/** The current backend's name, escaped for a RegExp. */
export function currentBackendPattern(): string {
  return escapeRegExp(getBackend().name);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `${op} of a disposed tensor names ${op}`: the check every one-input op makes at its entry. */
export function disposedInputCase(op: string, call: (x: Tensor) => unknown): ErrorCase {
  return errorCase(`${op} of a disposed tensor names ${op}`, () => {
    const x = zeros([4]);
    x.dispose();
    expect(() => call(x)).toThrow(new RegExp(`^${op}: input was disposed \\(shape \\[4\\], float32\\)`));
  });
}
