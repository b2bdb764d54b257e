/**
 * The state-dict key of a property: its snake_case spelling, because PyTorch code names
 * attributes in snake_case (`runningMean` → `running_mean`, `numBatchesTracked` →
 * `num_batches_tracked`, `convBN` → `conv_bn`); names without capitals (`conv1`, `fc`,
 * `layer1`, `0`) are unchanged.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
