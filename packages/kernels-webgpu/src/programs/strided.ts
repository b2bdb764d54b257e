import type { Shape } from '@stride/core-tensor';
import type { UniformField } from '../gpu/program.js';

/** Where a view's elements sit in its buffer. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A walk over a row-major shape for several operands, with dims merged where all allow it. */
export interface Walk {
  readonly dims: readonly number[];
  /** Per operand, its stride in each merged dim. */
  readonly strides: readonly (readonly number[])[];
  readonly offsets: readonly number[];
}

/**
 * Drops size-1 dims and merges neighbours every operand steps through as one longer dim, so
 * a contiguous view becomes rank 1 and the shader's index arithmetic shrinks with it. The
 * rank is part of the shader key; sizes and strides go in uniforms.
 */
export function walk(shape: Shape, operands: readonly Strided[]): Walk {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && operands.every((o, k) => strides[k]![last] === o.strides[i]! * shape[i]!)) {
      dims[last]! *= shape[i]!;
      operands.forEach((o, k) => (strides[k]![last] = o.strides[i]!));
    } else {
      dims.push(shape[i]!);
      operands.forEach((o, k) => strides[k]!.push(o.strides[i]!));
    }
  }
  return { dims, strides, offsets: operands.map((o) => o.offset) };
}

/**
 * Uniforms of a walk named with `prefix`: the sizes `${prefix}d0…`, then per operand k its
 * offset `${prefix}o${k}` and strides `${prefix}s${k}_0…`.
 */
export function walkUniforms(prefix: string, rank: number, operands: number): UniformField[] {
  const fields: UniformField[] = [];
  for (let d = 0; d < rank; d++) fields.push([`${prefix}d${d}`, 'u32']);
  for (let k = 0; k < operands; k++) {
    fields.push([`${prefix}o${k}`, 'i32']);
    for (let d = 0; d < rank; d++) fields.push([`${prefix}s${k}_${d}`, 'i32']);
  }
  return fields;
}

/** The values of `walkUniforms` for `w`, in the same order. */
export function walkValues(w: Walk): number[] {
  return [...w.dims, ...w.offsets.flatMap((o, k) => [o, ...w.strides[k]!])];
}

/**
 * WGSL statements that turn the row-major index `flat` (a u32 expression) into each
 * operand's buffer index `${prefix}p${k}` (u32), innermost dim first.
 */
export function walkCode(prefix: string, rank: number, operands: number, flat: string): string {
  const lines = [`var ${prefix}rem: u32 = ${flat};`];
  for (let k = 0; k < operands; k++) lines.push(`var ${prefix}q${k}: i32 = u.${prefix}o${k};`);
  for (let d = rank - 1; d >= 0; d--) {
    const coord = d === 0 ? `${prefix}rem` : `(${prefix}rem % u.${prefix}d${d})`;
    lines.push(`{ let c = i32(${coord});`);
    for (let k = 0; k < operands; k++) lines.push(`  ${prefix}q${k} += c * u.${prefix}s${k}_${d};`);
    lines.push(d === 0 ? '}' : `  ${prefix}rem = ${prefix}rem / u.${prefix}d${d}; }`);
  }
  for (let k = 0; k < operands; k++) lines.push(`let ${prefix}p${k} = u32(${prefix}q${k});`);
  return lines.join('\n  ');
}
