import type { Tensor } from '@stride/core-tensor';

/** Which fan `kaimingUniform`/`kaimingNormal` scale by, spelled as torch's `mode`. */
export type FanMode = 'fan_in' | 'fan_out';

/**
 * torch's `_calculate_fan_in_and_fan_out`: a weight [out, in, ...kernel] has
 * fanIn = in·∏kernel and fanOut = out·∏kernel. Tensors with fewer than 2 dims have no fans.
 */
export function calculateFanInAndFanOut(
  t: Tensor | readonly number[],
  op = 'init.calculateFanInAndFanOut',
): { fanIn: number; fanOut: number } {
  const shape = isShape(t) ? t : t.shape;
  if (shape.length < 2) {
    throw new Error(
      `${op}: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (got shape [${shape.join(', ')}])`,
    );
  }
  const receptiveFieldSize = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptiveFieldSize, fanOut: shape[0]! * receptiveFieldSize };
}

/** torch's `_calculate_correct_fan`: the fan `mode` names (torch lower-cases it first). */
export function correctFan(op: string, t: Tensor, mode: string): number {
  const lower = typeof mode === 'string' ? mode.toLowerCase() : mode;
  if (lower !== 'fan_in' && lower !== 'fan_out') {
    throw new Error(`${op}: mode must be 'fan_in' or 'fan_out' but got ${typeof mode === 'string' ? `'${mode}'` : String(mode)}`);
  }
  const { fanIn, fanOut } = calculateFanInAndFanOut(t, op);
  return lower === 'fan_in' ? fanIn : fanOut;
}

function isShape(t: Tensor | readonly number[]): t is readonly number[] {
  return Array.isArray(t);
}
