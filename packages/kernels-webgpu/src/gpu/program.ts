/** Element type of a storage binding: float32 tensors are f32, int32 tensors i32. */
export type Scalar = 'f32' | 'i32' | 'u32';

/** Element type of a read-write binding: a Scalar, or i32 that threads update with atomics. */
export type OutputElement = Scalar | 'atomic<i32>';

/** One uniform value of a program: a name the WGSL reads as `u.name`, and its type. */
export type UniformField = readonly [name: string, type: Scalar];

/**
 * A compute shader and how to bind it. Inputs are read-only storage arrays `in0, in1, …`,
 * outputs read-write arrays `out0, …`, and the uniforms one struct `u`. Shapes, strides and
 * offsets live in the uniforms, so one compiled pipeline serves every size: `key` must name
 * everything that changes the WGSL text (ranks, dtypes, op), nothing that only changes values.
 */
export interface Program {
  readonly key: string;
  readonly inputs: readonly Scalar[];
  readonly outputs: readonly OutputElement[];
  readonly uniforms: readonly UniformField[];
  /** WGSL after the bindings: helper functions and `fn main` with its attributes. */
  readonly main: string;
}

/** The whole WGSL module of `p`: the uniform struct, the bindings, then its code. */
export function shaderSource(p: Program): string {
  const fields = p.uniforms.length > 0 ? p.uniforms : ([['unused', 'u32']] as const);
  const lines = [`struct Uniforms {`, ...fields.map(([name, type]) => `  ${name}: ${type},`), `};`];
  p.inputs.forEach((t, i) => lines.push(`@group(0) @binding(${i}) var<storage, read> in${i}: array<${t}>;`));
  p.outputs.forEach((t, i) => lines.push(`@group(0) @binding(${p.inputs.length + i}) var<storage, read_write> out${i}: array<${t}>;`));
  lines.push(`@group(0) @binding(${p.inputs.length + p.outputs.length}) var<uniform> u: Uniforms;`);
  lines.push(p.main);
  return lines.join('\n');
}

/** Bytes of the uniform struct of `p` as bound: 4 per field, rounded up to 16. */
export function uniformBytes(p: Program): number {
  return Math.max(16, Math.ceil((p.uniforms.length * 4) / 16) * 16);
}

/** Writes uniform `values` (in field order) into `view` at `at`, each as its field's type. */
export function packUniforms(p: Program, values: readonly number[], view: DataView, at: number): void {
  if (values.length !== p.uniforms.length) {
    throw new Error(
      `webgpu: program '${p.key}' takes ${p.uniforms.length} uniforms (${p.uniforms.map((f) => f[0]).join(', ')}) but got ${values.length}`,
    );
  }
  p.uniforms.forEach(([, type], i) => {
    const v = values[i]!;
    if (type === 'f32') view.setFloat32(at + 4 * i, v, true);
    else if (type === 'i32') view.setInt32(at + 4 * i, v, true);
    else view.setUint32(at + 4 * i, v, true);
  });
}

/** Threads per workgroup of every one-thread-per-element program (SwiftShader's limit is 256). */
export const WORKGROUP = 256;

/** Workgroup counts covering `threads` one-dimensional invocations, folded into y past 65535. */
export function linearGrid(threads: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(threads / WORKGROUP));
  if (groups <= 65535) return [groups, 1, 1];
  const y = Math.ceil(groups / 32768);
  return [Math.ceil(groups / y), y, 1];
}

/** The head of a one-thread-per-element `main`: `let i` is the element, threads past `count` return. */
export function linearMain(count: string): string {
  return `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let i = (wg.y * nwg.x + wg.x) * ${WORKGROUP}u + lid;
  if (i >= ${count}) { return; }`;
}
