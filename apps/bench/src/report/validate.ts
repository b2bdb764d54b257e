import { SCHEMA_VERSION } from './types.js';

/** A check of one value; pushes `path: what was wrong` for each mismatch. */
type Check = (v: unknown, path: string, errors: string[]) => void;

const is = (what: string, ok: (v: unknown) => boolean): Check => (v, path, errors) => {
  if (!ok(v)) errors.push(`${path}: expected ${what}, got ${JSON.stringify(v)?.slice(0, 60)}`);
};
const str = is('a string', (v) => typeof v === 'string');
const num = is('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
const bool = is('a boolean', (v) => typeof v === 'boolean');
const oneOf = (...values: unknown[]): Check => is(`one of ${values.join('|')}`, (v) => values.includes(v));
const nullable = (c: Check): Check => (v, p, e) => (v === null ? undefined : c(v, p, e));
const either = (a: Check, b: Check): Check => (v, p, e) => {
  const first: string[] = [];
  a(v, p, first);
  if (first.length > 0) b(v, p, e);
};
const array = (item: Check): Check => (v, path, errors) => {
  if (!Array.isArray(v)) return errors.push(`${path}: expected an array`);
  v.forEach((x, i) => item(x, `${path}[${i}]`, errors));
};
const record = (item: Check): Check => (v, path, errors) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return errors.push(`${path}: expected an object`);
  for (const [k, x] of Object.entries(v)) item(x, `${path}.${k}`, errors);
};
const object = (fields: Record<string, Check>): Check => (v, path, errors) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return errors.push(`${path}: expected an object`);
  const o = v as Record<string, unknown>;
  for (const [k, check] of Object.entries(fields)) {
    if (!(k in o)) errors.push(`${path}.${k}: missing`);
    else check(o[k], `${path}.${k}`, errors);
  }
};

const engineResult = object({
  engine: str, status: oneOf('ok', 'unsupported', 'unavailable', 'failed', 'skipped'), reason: nullable(str),
  firstMs: nullable(num), medianMs: nullable(num), minMs: nullable(num), samples: num,
  gflops: nullable(num), imagesPerSec: nullable(num), peakBytes: nullable(num), peakRssBytes: nullable(num),
});

const bench = object({
  engines: array(object({ id: str, label: str, backend: oneOf('cpu', 'webgpu'), library: oneOf('stride', 'tfjs') })),
  rows: array(object({
    id: str, group: oneOf('matmul', 'conv', 'pool', 'norm', 'model'), name: str, shape: str,
    flops: nullable(num), images: nullable(num), results: array(engineResult),
  })),
});

const parity = object({
  runs: array(object({
    backend: oneOf('cpu', 'webgpu'), runtime: oneOf('node', 'bun', 'deno', 'chromium'),
    available: bool, reason: nullable(str), runtimeVersion: nullable(str), error: nullable(str), durationMs: num,
    families: array(object({
      family: str, passed: num, total: num, skipped: num, failures: array(str),
      // JSON has no Infinity; a NaN result is written as the string (see report/write.ts).
      worstRatio: nullable(either(num, oneOf('Infinity'))),
    })),
  })),
});

const training = object({
  dataset: str, images: num, epochImages: num, subset: bool, note: str, batch: num, steps: num,
  losses: array(num), testImages: num, testAccuracy: num,
  filters: object({ shape: array(num), data: array(num) }), durationMs: num,
});

const report = object({
  schemaVersion: oneOf(SCHEMA_VERSION),
  createdAt: str,
  command: oneOf('parity', 'bench', 'all'),
  profile: object({ name: oneOf('micro', 'quick', 'full'), description: str }),
  machine: object({ os: str, arch: str, cpuModel: str, cores: num, memoryBytes: num }),
  runtime: object({ name: oneOf('node', 'bun', 'deno', 'chromium'), version: str }),
  backends: array(object({ name: oneOf('cpu', 'webgpu'), available: bool, reason: nullable(str), adapter: nullable(str) })),
  versions: record(str),
  parity: nullable(parity),
  bench: nullable(bench),
  training: nullable(training),
  durationMs: num,
});

/** Checks a parsed report.json against the Report type; returns every mismatch (empty: valid). */
export function validateReport(value: unknown): string[] {
  const errors: string[] = [];
  report(value, 'report', errors);
  return errors;
}
