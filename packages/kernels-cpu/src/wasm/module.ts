import { I32, type Code, type ValueType } from './code.js';
import { sized, uleb, utf8 } from './encoding.js';

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  /** Locals beyond the parameters, in order. */
  readonly locals: readonly ValueType[];
  readonly code: Code;
}

/**
 * A module that imports its memory as `env.memory` (shared when `shared`) and exports the given
 * functions, none of which return values. Just enough of the binary format for our kernels.
 */
export function encodeModule(
  functions: readonly WasmFunction[],
  memory: { shared: boolean; maximumPages: number },
): Uint8Array<ArrayBuffer> {
  const section = (id: number, payload: number[]) => [id, ...sized(payload)];
  const types = functions.map((f) => [0x60, ...sized([...f.params]), 0x00]);
  const typeSection = section(1, [...uleb(types.length), ...types.flat()]);
  const limits = memory.shared ? [0x03, ...uleb(1), ...uleb(memory.maximumPages)] : [0x01, ...uleb(1), ...uleb(memory.maximumPages)];
  const importSection = section(2, [...uleb(1), ...utf8('env'), ...utf8('memory'), 0x02, ...limits]);
  const functionSection = section(3, [...uleb(functions.length), ...functions.flatMap((_, i) => uleb(i))]);
  const exportSection = section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...utf8(f.name), 0x00, ...uleb(i)])]);
  const bodies = functions.map((f) => {
    const groups = groupLocals(f.locals);
    return sized([...uleb(groups.length), ...groups.flatMap(([count, type]) => [...uleb(count), type]), ...f.code.bytes, 0x0b]);
  });
  const codeSection = section(10, [...uleb(bodies.length), ...bodies.flat()]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...typeSection,
    ...importSection,
    ...functionSection,
    ...exportSection,
    ...codeSection,
  ]);
}

/** Runs of equal local types, as the code section declares them. */
function groupLocals(locals: readonly ValueType[]): [number, ValueType][] {
  const groups: [number, ValueType][] = [];
  for (const t of locals) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  return groups;
}

export { I32 };
