import * as v from 'valibot';
import { SCHEMA_VERSION } from './types.js';

// report.json's schema, checked with valibot: a report written by an older or broken run is
// refused with the path of every field that is wrong.

const finite = v.pipe(v.number(), v.finite());
const nullableNumber = v.nullable(finite);

const engineResult = v.object({
  engine: v.string(),
  status: v.picklist(['ok', 'unsupported', 'unavailable', 'failed', 'skipped']),
  reason: v.nullable(v.string()),
  firstMs: nullableNumber,
  medianMs: nullableNumber,
  minMs: nullableNumber,
  maxMs: nullableNumber,
  samples: finite,
  gflops: nullableNumber,
  imagesPerSec: nullableNumber,
  peakBytes: nullableNumber,
  peakRssBytes: nullableNumber,
});

const ceiling = v.object({
  instruction: v.string(),
  accumulators: finite,
  runs: v.array(v.object({ threads: finite, gflops: finite })),
});

const bench = v.object({
  engines: v.array(
    v.object({
      id: v.string(),
      label: v.string(),
      backend: v.picklist(['cpu', 'webgpu']),
      library: v.picklist(['stride', 'tfjs', 'onnxruntime', 'pytorch']),
    }),
  ),
  rows: v.array(
    v.object({
      id: v.string(),
      group: v.picklist(['matmul', 'conv', 'pool', 'norm', 'op', 'data', 'model']),
      name: v.string(),
      shape: v.string(),
      flops: nullableNumber,
      images: nullableNumber,
      results: v.array(engineResult),
    }),
  ),
  ceiling: v.nullable(ceiling),
});

const parity = v.object({
  runs: v.array(
    v.object({
      backend: v.picklist(['cpu', 'webgpu']),
      runtime: v.picklist(['node', 'bun', 'deno', 'chromium']),
      available: v.boolean(),
      reason: v.nullable(v.string()),
      runtimeVersion: v.nullable(v.string()),
      error: v.nullable(v.string()),
      durationMs: finite,
      families: v.array(
        v.object({
          family: v.string(),
          passed: finite,
          total: finite,
          skipped: finite,
          failures: v.array(v.string()),
          // JSON has no Infinity; a NaN result is written as the string (see report/write.ts).
          worstRatio: v.nullable(v.union([finite, v.literal('Infinity')])),
        }),
      ),
    }),
  ),
});

const training = v.object({
  dataset: v.string(),
  images: finite,
  epochImages: finite,
  subset: v.boolean(),
  note: v.string(),
  batch: finite,
  steps: finite,
  losses: v.array(finite),
  testImages: finite,
  testAccuracy: finite,
  filters: v.object({ shape: v.array(finite), data: v.array(finite) }),
  durationMs: finite,
});

const pytorch = v.object({
  available: v.boolean(),
  reason: v.nullable(v.string()),
  version: v.nullable(v.string()),
  torchvision: v.nullable(v.string()),
  threads: nullableNumber,
  blas: v.nullable(v.string()),
  blasConfig: v.nullable(v.string()),
});

const report = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  createdAt: v.string(),
  command: v.picklist(['parity', 'bench', 'all']),
  profile: v.object({ name: v.picklist(['micro', 'quick', 'full']), description: v.string() }),
  machine: v.object({
    os: v.string(),
    arch: v.string(),
    cpuModel: v.string(),
    cores: finite,
    memoryBytes: finite,
    pytorch: v.nullable(pytorch),
  }),
  runtime: v.object({ name: v.picklist(['node', 'bun', 'deno', 'chromium']), version: v.string() }),
  backends: v.array(
    v.object({ name: v.picklist(['cpu', 'webgpu']), available: v.boolean(), reason: v.nullable(v.string()), adapter: v.nullable(v.string()) }),
  ),
  versions: v.record(v.string(), v.string()),
  parity: v.nullable(parity),
  bench: v.nullable(bench),
  training: v.nullable(training),
  durationMs: finite,
});

/** Checks a parsed report.json against the Report type; returns every mismatch as `path: what` (empty: valid). */
export function validateReport(value: unknown): string[] {
  const result = v.safeParse(report, value);
  if (result.success) return [];
  return result.issues.map((issue) => `${pathOf(issue)}: ${describeIssue(issue)}`);
}

/** `report.bench.rows[0].results[1].status`: the path as the report's own code would spell it. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = 'report';
  for (const item of issue.path ?? []) out += typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`;
  return out;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.input === undefined && issue.kind === 'schema') return 'missing';
  return `expected ${issue.expected ?? issue.message}, got ${JSON.stringify(issue.input)?.slice(0, 60)}`;
}
