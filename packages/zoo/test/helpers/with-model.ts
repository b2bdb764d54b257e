import type { Module } from '@stride/layers';

/** Builds a model, hands it to `check`, and disposes it whatever `check` does. */
export function withModel<M extends Module>(build: () => M, check: (m: M) => void): void {
  const model = build();
  try {
    check(model);
  } finally {
    model.dispose();
  }
}
