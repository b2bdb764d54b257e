/**
 * The momentum a cycling scheduler moves: Adam-style optimizers' beta1, the others' momentum, as
 * PyTorch's use_beta1 (OneCycleLR) decides by the optimizer's defaults.
 */
export function hasBetas(g: object): g is { betas: [number, number] } {
  return 'betas' in g && Array.isArray(g.betas);
}

export function hasMomentum(g: object): g is { momentum: number } {
  return 'momentum' in g && typeof g.momentum === 'number';
}

/** Sets beta1 where the group has betas, else momentum. */
export function setMomentum(group: object, m: number): void {
  if (hasBetas(group)) group.betas = [m, group.betas[1]];
  else if (hasMomentum(group)) group.momentum = m;
}
