import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../src/io/safetensors-header.js';

// The header parser reads untrusted bytes: every malformed file must give a clear Error of
// bounded length (never a stack overflow, a TypeError or a message that copies the file).
const runs = { seed: 7, numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const DTYPES = ['float32', 'int32', 'float64'] as const;
const MAX_MESSAGE = 600;

/** A safetensors file of `header` (any JSON text) followed by `dataBytes` zero bytes. */
function file(header: string, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function expectCleanError(bytes: Uint8Array): void {
  let error: unknown;
  try {
    readHeader('loadSafetensors', bytes, DTYPES);
  } catch (e) {
    error = e;
  }
  if (error === undefined) return;
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).constructor).toBe(Error);
  expect((error as Error).message).toMatch(/^loadSafetensors: /);
  expect((error as Error).message.length).toBeLessThan(MAX_MESSAGE);
}

describe('safetensors header: defects from issue 12', () => {
  it('JSON nested 5,000 deep gives a clear error, not a stack overflow', () => {
    const deep = `{"t":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(() => readHeader('loadSafetensors', file(deep), DTYPES)).toThrow(
      /^loadSafetensors: tensor 't' must be an object \{dtype, shape, data_offsets\}, but is \[\[\[\[…\]\]\]\]$/,
    );
  });

  it('a 5 MB tensor name is quoted in at most a hundred characters', () => {
    const name = 'n'.repeat(5_000_000);
    let message = '';
    try {
      readHeader('loadSafetensors', file(`{"${name}":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}`, 4), DTYPES);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^loadSafetensors: tensor 'n{80}…' \(a name of 5000000 characters\) has data_offsets \[0, 8\], out of range/);
    expect(message.length).toBeLessThan(300);
  });

  it('a 5 MB value in a wrong place is quoted in at most a hundred characters', () => {
    const value = 'v'.repeat(5_000_000);
    expect(() => readHeader('loadSafetensors', file(`{"t":{"dtype":"${value}","shape":[],"data_offsets":[0,0]}}`), DTYPES)).toThrow(
      /^loadSafetensors: tensor 't' has unknown dtype "v{80}"… \(a string of 5000000 characters\) \(loadable: F64, F32, I32, I64, BOOL, F16, BF16\)/,
    );
  });
});

describe('safetensors header (property-based)', () => {
  const tensorEntry = fc.record({
    dtype: fc.constantFrom('F32', 'I32', 'F64'),
    shape: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
  });

  it('reads back every valid header, in any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), tensorEntry, { maxKeys: 5 }), (spec) => {
        const names = Object.keys(spec).filter((n) => n !== '__metadata__' && n !== '__proto__');
        let offset = 0;
        const header: Record<string, unknown> = {};
        for (const n of names) {
          const { dtype, shape } = spec[n]!;
          const bytes = shape.reduce((a, b) => a * b, 1) * (dtype === 'F64' ? 8 : 4);
          header[n] = { dtype, shape, data_offsets: [offset, offset + bytes] };
          offset += bytes;
        }
        const parsed = readHeader('loadSafetensors', file(JSON.stringify(header), offset), DTYPES);
        expect(parsed.tensors.map((t) => t.name).sort()).toEqual([...names].sort());
        for (const t of parsed.tensors) expect(t.shape).toEqual(spec[t.name]!.shape);
      }),
      runs,
    );
  });

  it('any mutation or truncation of a valid file parses or throws a clear, bounded Error', () => {
    const base = file(
      JSON.stringify({
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
        b: { dtype: 'I32', shape: [2], data_offsets: [24, 32] },
      }),
      32,
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(base.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
        fc.nat(base.length),
        (edits, keep) => {
          const bytes = base.slice(0, Math.max(keep, 1));
          for (const { at, byte } of edits) if (at < bytes.length) bytes[at] = byte;
          expectCleanError(bytes);
        },
      ),
      runs,
    );
  });

  it('any JSON value as a header parses or throws a clear, bounded Error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(64), (value, dataBytes) => {
        expectCleanError(file(JSON.stringify(value), dataBytes));
        expectCleanError(file(JSON.stringify({ t: value }), dataBytes));
      }),
      runs,
    );
  });
});
