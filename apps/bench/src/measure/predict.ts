import type { CostPart } from '../cases/catalog.js';

/**
 * Each engine's measured time per FLOP by kernel family, from the cases run so far (the most
 * recent, hence largest, case of a family wins). Predicts a new case's run time from it, so a
 * time-boxed profile can skip a run that would take minutes (tfjs-cpu's conv weight gradient
 * runs at a few MFLOP/s) instead of blowing its budget.
 */
export class CostModel {
  private readonly msPerFlop = new Map<string, number>();

  record(engine: string, cost: readonly CostPart[], ms: number): void {
    // A case made of one family gives that family's rate; mixed cases (models) teach nothing.
    if (cost.length !== 1 || cost[0]!.flops <= 0) return;
    this.msPerFlop.set(key(engine, cost[0]!.family), ms / cost[0]!.flops);
  }

  /** Predicted milliseconds per run from the families with a known rate; null when none is known. */
  predict(engine: string, cost: readonly CostPart[]): number | null {
    let total = 0;
    let known = false;
    for (const part of cost) {
      const rate = this.msPerFlop.get(key(engine, part.family));
      if (rate === undefined) continue;
      total += rate * part.flops;
      known = true;
    }
    return known ? total : null;
  }
}

const key = (engine: string, family: string) => `${engine}\u0000${family}`;
