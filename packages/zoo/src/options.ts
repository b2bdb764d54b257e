/** Checks that every count a builder takes is a positive integer, naming the first that is not. */
export function checkPositiveIntegers(op: string, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${op}: ${name} must be a positive integer but got ${value}`);
  }
}

/** Checks a probability option (a dropout or drop-path rate), naming it. */
export function checkProbability(op: string, name: string, p: number): void {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`${op}: ${name} must be a probability in [0, 1] but got ${p}`);
}
