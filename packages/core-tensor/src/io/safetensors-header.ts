import type { DType } from '../dtype.js';
import { formatShape, sizeOf } from '../shape.js';
import { LOADABLE } from './safetensors-formats.js';

/** One tensor as the header describes it, already checked against the file. */
export interface HeaderEntry {
  readonly name: string;
  /** The Stride dtype it loads as, and the file's dtype (they differ for I64, BOOL, F16, BF16). */
  readonly dtype: DType;
  readonly format: string;
  readonly shape: number[];
  /** Byte range inside the data section, which starts right after the header. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly metadata: Record<string, string>;
  readonly tensors: HeaderEntry[];
  /** Where the data section starts in the file: 8 + the header length. */
  readonly dataStart: number;
}

/**
 * Safetensors' dtype names for the dtypes Stride stores, with their element sizes and their rank
 * in the reference library's dtype enum, which orders tensors in a file (F64 > F32 > I32).
 */
export const FORMATS = {
  float64: { name: 'F64', bytes: 8, rank: 2 },
  float32: { name: 'F32', bytes: 4, rank: 1 },
  int32: { name: 'I32', bytes: 4, rank: 0 },
} as const satisfies Record<DType, { name: string; bytes: number; rank: number }>;

/** Header key that holds the string→string metadata rather than a tensor. */
export const METADATA_KEY = '__metadata__';

/** The Python/Rust library refuses headers over 100 MB, so a corrupt length never allocates gigabytes. */
const MAX_HEADER_BYTES = 100_000_000;
const LENGTH_BYTES = 8;

/** Every dtype the format defines, so a file from a newer writer is told apart from garbage. */
const OTHER_FORMATS = new Set([
  'F4',
  'F6_E2M3',
  'F6_E3M2',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'F8_E8M0',
  'F8_E4M3FNUZ',
  'F8_E5M2FNUZ',
  'I16',
  'U16',
  'U32',
  'C64',
  'U64',
]);

/**
 * Parses and validates the header the way the reference library does: the tensors' byte ranges
 * must tile the data section exactly (no overlap, no hole, nothing left over), and each range
 * must hold exactly shape × element-size bytes. `dtypes` are the ones the target backend holds.
 */
export function readHeader(op: string, bytes: Uint8Array, dtypes: readonly DType[]): SafetensorsHeader {
  if (bytes.length < LENGTH_BYTES) {
    throw new Error(`${op}: file is ${bytes.length} bytes, shorter than the 8-byte header length (truncated, or not a safetensors file)`);
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, LENGTH_BYTES).getBigUint64(0, true);
  const available = bytes.length - LENGTH_BYTES;
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new Error(
      `${op}: header too long: its length field says ${length} bytes, over the limit of ${MAX_HEADER_BYTES} (not a safetensors file?)`,
    );
  }
  if (length > BigInt(available)) {
    throw new Error(
      `${op}: header too long: its length field says ${length} bytes but only ${available} bytes follow it (file truncated?)`,
    );
  }
  const dataStart = LENGTH_BYTES + Number(length);
  const json = parseJson(op, bytes.subarray(LENGTH_BYTES, dataStart));
  const dataBytes = bytes.length - dataStart;
  const tensors = Object.entries(json)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => readEntry(op, name, info, dataBytes, dtypes));
  checkTiling(op, tensors, dataBytes);
  return { metadata: readMetadata(op, json[METADATA_KEY]), tensors, dataStart };
}

function parseJson(op: string, headerBytes: Uint8Array): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    const reason = (e as Error).message;
    throw new Error(
      `${op}: header is not valid UTF-8 JSON (${reason.length > 2 * MAX_QUOTE ? `${reason.slice(0, 2 * MAX_QUOTE)}…` : reason})`,
    );
  }
  if (!isRecord(parsed)) {
    throw new Error(`${op}: header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, but is ${describe(parsed)}`);
  }
  return parsed;
}

function readMetadata(op: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${op}: ${METADATA_KEY} must be an object of strings, but is ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`${op}: ${METADATA_KEY} entry ${quoteName(key)} must be a string, but is ${describe(v)}`);
  }
  return { ...(value as Record<string, string>) };
}

function readEntry(op: string, name: string, info: unknown, dataBytes: number, dtypes: readonly DType[]): HeaderEntry {
  const where = `${op}: tensor ${quoteName(name)}`;
  if (!isRecord(info)) throw new Error(`${where} must be an object {dtype, shape, data_offsets}, but is ${describe(info)}`);
  const { dtype: format, shape, data_offsets: offsets } = info;
  if (!isIndexList(shape)) throw new Error(`${where} has shape ${describe(shape)}; expected an array of non-negative integers`);
  if (!isIndexList(offsets) || offsets.length !== 2) {
    throw new Error(`${where} has data_offsets ${describe(offsets)}; expected [begin, end], two non-negative integers`);
  }
  const dtype = dtypeOf(where, format, dtypes);
  const [begin, end] = offsets as [number, number];
  const range = `data_offsets [${begin}, ${end}]`;
  if (begin > end) throw new Error(`${where} has ${range}, out of range: begin is after end`);
  if (end > dataBytes) {
    throw new Error(`${where} has ${range}, out of range: only ${dataBytes} bytes of data follow the header (file truncated?)`);
  }
  const needed = sizeOf(shape) * LOADABLE[format as string]!.bytes;
  if (end - begin !== needed) {
    throw new Error(
      `${where} has ${range} (${end - begin} bytes) but shape ${formatShape(shape)} of ${format as string} needs ${needed} bytes`,
    );
  }
  return { name, dtype, format: format as string, shape, begin, end };
}

function dtypeOf(where: string, format: unknown, dtypes: readonly DType[]): DType {
  const loadable = typeof format === 'string' && Object.hasOwn(LOADABLE, format) ? LOADABLE[format]! : null;
  const dtype = loadable?.target(dtypes);
  if (dtype) return dtype;
  const names = Object.keys(LOADABLE)
    .filter((f) => LOADABLE[f]!.target(dtypes) !== null)
    .join(', ');
  if (loadable)
    throw new Error(
      `${where} has dtype ${format as string} but the backend does not hold ${FORMATS_BY_NAME[format as string] ?? format} (loadable here: ${names})`,
    );
  const kind = typeof format === 'string' && OTHER_FORMATS.has(format) ? 'unsupported' : 'unknown';
  throw new Error(`${where} has ${kind} dtype ${describe(format)} (loadable: ${names}); convert it in Python first, e.g. tensor.float()`);
}

const FORMATS_BY_NAME: Record<string, DType> = Object.fromEntries(Object.entries(FORMATS).map(([dtype, f]) => [f.name, dtype as DType]));

/** The byte ranges, in file order, must cover the data section end to end like tiles. */
function checkTiling(op: string, tensors: readonly HeaderEntry[], dataBytes: number): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const t of sorted) {
    const range = `data_offsets [${t.begin}, ${t.end}]`;
    if (t.begin < covered) {
      const other = `tensor ${quoteName(previous!.name)} at [${previous!.begin}, ${previous!.end}]`;
      throw new Error(`${op}: tensor ${quoteName(t.name)} has ${range}, overlapping ${other}`);
    }
    if (t.begin > covered) {
      const hole = `${t.begin - covered} bytes at [${covered}, ${t.begin}]`;
      throw new Error(`${op}: tensor ${quoteName(t.name)} has ${range}, leaving a hole of ${hole} that no tensor describes`);
    }
    covered = t.end;
    previous = t;
  }
  if (covered !== dataBytes) {
    throw new Error(
      `${op}: the header describes ${covered} bytes of tensor data but ${dataBytes} bytes follow it; the last ${dataBytes - covered} bytes belong to no tensor`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isSafeInteger(v) && v >= 0);
}

/** Longest quote of a file's value or name in an error: a 5 MB tensor name must not become a 5 MB message. */
const MAX_QUOTE = 80;
/** Nesting shown before '…': a header nested 5,000 deep must not overflow the stack while being described. */
const MAX_DEPTH = 3;

/** A value from the file as an error quotes it: JSON-like, bounded in length and depth. */
export function describe(value: unknown): string {
  const text = describeAt(value, 0);
  const bounded = text.length > 2 * MAX_QUOTE ? `${text.slice(0, 2 * MAX_QUOTE)}…` : text;
  return typeof value === 'string' && value.length > MAX_QUOTE ? `${bounded} (a string of ${value.length} characters)` : bounded;
}

function describeAt(value: unknown, depth: number): string {
  if (typeof value === 'string') return value.length > MAX_QUOTE ? `${JSON.stringify(value.slice(0, MAX_QUOTE))}…` : JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  // At most a few children each: enough to show the shape of the mistake, bounded whatever the size.
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((v) => describeAt(v, depth + 1));
    return `[${items.join(',')}${value.length > 8 ? ',…' : ''}]`;
  }
  const keys = Object.keys(value);
  const items = keys.slice(0, 8).map((k) => `${describeAt(k, depth + 1)}:${describeAt((value as Record<string, unknown>)[k], depth + 1)}`);
  return `{${items.join(',')}${keys.length > 8 ? ',…' : ''}}`;
}

/** A tensor or metadata name as errors quote it (names come from the file, so their length is unbounded). */
export function quoteName(name: string): string {
  return name.length > MAX_QUOTE ? `'${name.slice(0, MAX_QUOTE)}…' (a name of ${name.length} characters)` : `'${name}'`;
}
