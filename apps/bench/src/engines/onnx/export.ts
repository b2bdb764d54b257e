import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelName } from '../../cases/shapes.js';
import { appRoot } from '../../parity/runtimes.js';
import { benchScript, findTorch, lastErrorLine, pythonPath, runProcess } from '../../pytorch/python.js';

/** Every model the bench runs, in the order the inference rows come. */
export const ONNX_MODELS: readonly ModelName[] = ['lenet5', 'resnet20', 'resnet18', 'mobilenetV2'];

/** apps/bench/onnx: the exported models, made here and never committed (resnet18 alone is 45 MB). */
export function onnxDir(): string {
  return join(appRoot(), 'onnx');
}

export function onnxPath(model: ModelName): string {
  return join(onnxDir(), `${model}.onnx`);
}

/** A seeded batch and PyTorch's logits for it, written with the model (see export_onnx.py). */
export function onnxCheckPath(model: ModelName): string {
  return join(onnxDir(), `${model}.check.json`);
}

let exporting: Promise<void> | null = null;

/**
 * The model's .onnx file, exported by scripts/export_onnx.py with Debian's torch where it is
 * missing or older than the scripts that define it. The first call exports every stale model in
 * one Python process (importing torch takes seconds); later calls wait for it. Throws where
 * torch is missing or the export fails.
 */
export async function onnxModel(model: ModelName): Promise<string> {
  if (stale(model)) {
    exporting ??= exportStale().finally(() => {
      exporting = null;
    });
    await exporting;
  }
  if (stale(model)) throw new Error(`export_onnx.py did not write ${onnxPath(model)}`);
  return onnxPath(model);
}

async function exportStale(): Promise<void> {
  const torch = await findTorch(pythonPath());
  if ('reason' in torch) throw new Error(`exporting to ONNX needs Debian's PyTorch: ${torch.reason}`);
  const models = ONNX_MODELS.filter(stale);
  const run = await runProcess(torch.python, [benchScript('export_onnx.py'), '--out-dir', onnxDir(), '--models', models.join(',')], {
    timeoutMs: 300_000,
  });
  if (run.code !== 0) throw new Error(`export_onnx.py failed: ${run.timedOut ? 'timed out' : lastErrorLine(run.stderr)}`);
}

/** Missing, or older than the scripts that write it (a changed model definition re-exports). */
function stale(model: ModelName): boolean {
  const paths = [onnxPath(model), onnxCheckPath(model)];
  if (!paths.every((p) => existsSync(p))) return true;
  const made = Math.min(...paths.map((p) => statSync(p).mtimeMs));
  return ['export_onnx.py', 'bench_models.py'].some((s) => statSync(benchScript(s)).mtimeMs > made);
}
