/**
 * Checks shared by the optimizers' constructors. Each names the optimizer, the option (with its
 * param group where a group overrides it), what was expected and what was given, as PyTorch's
 * `ValueError("Invalid learning rate: -1")` does, but with the expectation spelled out.
 */
export function checkAtLeast(where: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new Error(`${where}${name} is ${String(value)} (expected a number >= ${min})`);
  }
  if (value < min) throw new Error(`${where}${name} is ${value} (expected >= ${min})`);
}

/** Checks each named hyperparameter of `h` is a number >= 0, as every torch.optim constructor does. */
export function checkNonNegative<H extends object>(where: string, h: H, keys: readonly (keyof H & string)[]): void {
  for (const k of keys) checkAtLeast(where, k, h[k], 0);
}

/** Adam's betas: each a coefficient in [0, 1), as torch.optim.Adam requires. */
export function checkBetas(where: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new Error(`${where}betas is ${JSON.stringify(betas)} (expected two numbers in [0, 1))`);
  }
  betas.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
      throw new Error(`${where}betas[${i}] is ${String(b)} (expected a number in [0, 1))`);
    }
  });
}
