import { describe, expect, it } from 'vitest';
import { getBackend, loadSafetensors, type Backend } from '@stride/core-tensor';
import { craft } from '../harness/bytes.js';

/**
 * loadSafetensors reads untrusted bytes: every malformed file is refused with a message naming
 * what is wrong, before any tensor is created. `pytorchFile` is a well-formed file to truncate.
 */
export function malformedFileTests(pytorchFile: Uint8Array): void {
  describe('loadSafetensors on malformed files', () => {
    const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
    const fails = (bytes: Uint8Array, message: string) => expect(() => loadSafetensors(bytes)).toThrow(message);

    it('rejects a file shorter than the 8-byte length', () => {
      fails(
        new Uint8Array(5),
        'loadSafetensors: file is 5 bytes, shorter than the 8-byte header length (truncated, or not a safetensors file)',
      );
    });

    it('rejects a header length past the end of the file (header too long)', () => {
      fails(
        craft('{}', 0, 400n),
        'loadSafetensors: header too long: its length field says 400 bytes but only 2 bytes follow it (file truncated?)',
      );
    });

    it('rejects a header length over the 100 MB limit (header too long)', () => {
      fails(
        craft('{}', 0, 100_000_001n),
        'loadSafetensors: header too long: its length field says 100000001 bytes, over the limit of 100000000',
      );
      fails(craft('{}', 0, 2n ** 64n - 1n), 'header too long: its length field says 18446744073709551615 bytes');
    });

    it('rejects a header that is not JSON, or not a JSON object', () => {
      fails(craft('{"a": [1, 2', 0), 'loadSafetensors: header is not valid UTF-8 JSON (');
      fails(
        craft('[1, 2]', 0),
        'loadSafetensors: header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, but is [1,2]',
      );
    });

    it('rejects a tensor entry without valid shape or data_offsets', () => {
      fails(
        craft({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 0] } }, 0),
        "loadSafetensors: tensor 'w' has shape [2,-1]; expected an array of non-negative integers",
      );
      fails(
        craft({ w: { dtype: 'F32', shape: [1] } }, 4),
        "loadSafetensors: tensor 'w' has data_offsets undefined; expected [begin, end], two non-negative integers",
      );
    });

    it('rejects data_offsets out of range', () => {
      fails(craft({ w: f32(8, 4, [1]) }, 8), "loadSafetensors: tensor 'w' has data_offsets [8, 4], out of range: begin is after end");
      fails(
        craft({ w: f32(0, 8), v: f32(8, 4000) }, 8),
        "loadSafetensors: tensor 'v' has data_offsets [8, 4000], out of range: only 8 bytes of data follow the header",
      );
    });

    it('rejects overlapping data_offsets', () => {
      fails(
        craft({ a: f32(0, 8), b: f32(4, 12) }, 12),
        "loadSafetensors: tensor 'b' has data_offsets [4, 12], overlapping tensor 'a' at [0, 8]",
      );
    });

    it('rejects data_offsets that leave a hole', () => {
      fails(
        craft({ a: f32(0, 4), b: f32(8, 12) }, 12),
        "loadSafetensors: tensor 'b' has data_offsets [8, 12], leaving a hole of 4 bytes at [4, 8] that no tensor describes",
      );
    });

    it('rejects bytes after the last tensor that no tensor describes', () => {
      fails(
        craft({ a: f32(0, 4) }, 12),
        'loadSafetensors: the header describes 4 bytes of tensor data but 12 bytes follow it; the last 8 bytes belong to no tensor',
      );
    });

    it('rejects a byte count that does not match the shape', () => {
      fails(
        craft({ 'conv1.weight': f32(0, 96, [2, 3, 5]) }, 96),
        "loadSafetensors: tensor 'conv1.weight' has data_offsets [0, 96] (96 bytes) but shape [2, 3, 5] of F32 needs 120 bytes",
      );
    });

    it('rejects dtypes Stride cannot hold, naming the tensor and the loadable ones', () => {
      // The loadable ones are those this backend can hold: F64 only where it has float64.
      const f64 = getBackend().capabilities.dtypes.includes('float64') ? 'F64, ' : '';
      const loadable = `${f64}F32, I32, I64, BOOL, F16, BF16`;
      const file = (dtype: unknown) => craft({ h: { dtype, shape: [2], data_offsets: [0, 4] } }, 4);
      fails(file('U16'), `loadSafetensors: tensor 'h' has unsupported dtype "U16" (loadable: ${loadable})`);
      fails(file('F8_E4M3'), `loadSafetensors: tensor 'h' has unsupported dtype "F8_E4M3" (loadable: ${loadable})`);
      fails(file('Q7'), `loadSafetensors: tensor 'h' has unknown dtype "Q7" (loadable: ${loadable})`);
    });

    it('rejects F64 where the backend holds no float64', () => {
      const backend = getBackend();
      const f32Only: Backend = { ...backend, capabilities: { ...backend.capabilities, dtypes: ['float32', 'int32'] } };
      const bytes = craft({ d: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, 8);
      expect(() => loadSafetensors(bytes, { backend: f32Only })).toThrow(
        "loadSafetensors: tensor 'd' has dtype F64 but the backend does not hold float64 (loadable here: F32, I32, I64, BOOL, F16, BF16)",
      );
    });

    it('rejects a truncated file, creating no tensors', () => {
      fails(
        pytorchFile.subarray(0, pytorchFile.length - 10),
        "loadSafetensors: tensor 'labels' has data_offsets [2132, 2160], out of range: only 2150 bytes of data follow the header (file truncated?)",
      );
    });

    it('rejects metadata that is not a map of strings', () => {
      fails(craft({ __metadata__: { epoch: 3 } }, 0), "loadSafetensors: __metadata__ entry 'epoch' must be a string, but is 3");
    });
  });
}
