import { Code, I32, type ValueType } from './code.js';
import { KERNEL_PARAMS, type KernelName } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/**
 * Kernel `name`: a function of its i32 parameters (`KERNEL_PARAMS`, locals 0…params-1, their
 * indices by `paramIndices`) whose body `build` writes, taking further locals from `local` as
 * it goes. Returns nothing, as every kernel we emit.
 */
export function wasmFunction(name: KernelName, build: (code: Code, local: (type?: ValueType) => number) => void): WasmFunction {
  const params = KERNEL_PARAMS[name].length;
  const locals: ValueType[] = [];
  const code = new Code();
  build(code, (type = I32) => params + locals.push(type) - 1);
  return { name, params: new Array<ValueType>(params).fill(I32), locals, code };
}

/** A tuple of N elements of T. */
export type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [T, ...R]>;

/** `count` fresh locals of `type` as a tuple, so destructuring them types each as a number. */
export function locals<N extends number>(local: (type?: ValueType) => number, count: N, type: ValueType = I32): Tuple<number, N> {
  return Array.from({ length: count }, () => local(type)) as Tuple<number, N>;
}
