/** The nonlinearity names `calculateGain` knows, spelled as torch's `nn.functional` names. */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const LINEAR = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);

/**
 * torch.nn.init.calculate_gain: the factor that keeps activations' variance steady through a
 * layer followed by `nonlinearity`: 1 for linear layers and sigmoid, 5/3 for tanh, √2 for relu,
 * √(2/(1+slope²)) for leaky_relu (slope = `param`, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.sqrt(2);
    case 'leaky_relu': {
      if (param !== undefined && typeof param !== 'number') {
        throw new Error(`init.calculateGain: param (negative_slope) must be a number but got ${typeof param} ${String(param)}`);
      }
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(
        `init.calculateGain: unsupported nonlinearity '${String(nonlinearity)}' (expected one of ${[...LINEAR, 'tanh', 'relu', 'leaky_relu', 'selu'].map((n) => `'${n}'`).join(', ')})`,
      );
  }
}
