import { modelImageShape, type ModelCase } from '../../cases/shapes.js';
import type { EngineInfo } from '../../report/types.js';
import { Unsupported, type Engine, type Workload } from '../engine.js';
import { uniformData } from '../random-data.js';
import { onnxModel } from './export.js';
import type { Ort, OrtFlavour, SessionOptions } from './load.js';

/**
 * onnxruntime as an inference peer: the bench's models exported from PyTorch to ONNX
 * (scripts/export_onnx.py), one session per row with the engine's default graph optimisations
 * (it folds batch norm into the convolutions), a random batch, and a run that ends when the
 * logits are back in JavaScript. It has no ops or training of its own here, so every other
 * row is unsupported.
 */
export function onnxEngine(ort: Ort, flavour: OrtFlavour, threads: number): Engine {
  const info = onnxInfo(flavour);
  const id = info.id;
  const only = (): never => {
    throw new Unsupported(`${id} runs exported models for inference: no op or training rows`);
  };
  const options: SessionOptions =
    flavour === 'node'
      ? { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }
      : { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
  return {
    ...info,
    activate: async () => {},
    // Its arena is not visible from JavaScript: the report's peak tensors column is the input alone.
    liveBytes: () => 0,
    matmul: async () => only(),
    conv: async () => only(),
    maxPool: async () => only(),
    batchNorm: async () => only(),
    op: async () => only(),
    augment: async () => only(),
    model: async (c) => {
      if (c.mode !== 'infer') only();
      return inference(ort, await ort.InferenceSession.create(await onnxModel(c.model), options), c);
    },
  };
}

/** The column: onnxruntime-node, onnxruntime-web (wasm). */
export function onnxInfo(flavour: OrtFlavour): EngineInfo {
  const id = `onnxruntime-${flavour}`;
  return { id, label: flavour === 'node' ? id : `${id} (wasm)`, backend: 'cpu', library: 'onnxruntime' };
}

function inference(ort: Ort, session: Awaited<ReturnType<Ort['InferenceSession']['create']>>, c: ModelCase): Workload {
  const dims = [c.batch, ...modelImageShape(c)];
  const data = uniformData(
    dims.reduce((a, b) => a * b, 1),
    21,
  );
  const input = new ort.Tensor('float32', data, dims);
  const [inputName, outputName] = [session.inputNames[0] ?? 'input', session.outputNames[0] ?? 'logits'];
  return {
    run: async (probe) => {
      const outputs = await session.run({ [inputName]: input });
      const logits = outputs[outputName];
      if (!logits || logits.dims[0] !== c.batch) throw new Error(`${c.model}.onnx gave logits of shape [${logits?.dims.join(', ')}]`);
      probe(data.byteLength);
      for (const t of Object.values(outputs)) t.dispose?.();
    },
    dispose: () => {
      void session.release();
    },
  };
}
