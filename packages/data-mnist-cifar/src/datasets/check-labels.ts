/** Throws, naming `source` and the first offending record, if a label is not in 0..numClasses-1. */
export function checkLabels(op: string, source: string, labels: ArrayLike<number>, numClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < numClasses && Number.isInteger(label))) {
      throw new Error(
        `${op}: ${source} has label ${label} at record ${i}, but labels must be in 0..${numClasses - 1} (${numClasses} classes)`,
      );
    }
  }
}
