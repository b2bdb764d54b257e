/** Checks that every count a ResNet builder takes is a positive integer, naming the first that is not. */
export function checkResNetOptions(op: string, counts: Record<string, number>): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${op}: ${name} must be a positive integer but got ${value}`);
  }
}
