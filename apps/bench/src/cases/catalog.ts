import type { Engine, Workload } from '../engines/engine.js';
import type { Profile } from '../profiles.js';
import type { BenchRow } from '../report/types.js';
import {
  CONV_CASES,
  NORM_CASE,
  POOL_CASE,
  convFlops,
  convOutSize,
  matmulFlops,
  modelFlops,
  modelFlopsByPass,
  modelImageShape,
  type ConvCase,
  type ModelCase,
} from './shapes.js';
import { AUGMENT_BATCH, OP_CASES } from './op-cases.js';
import { IMAGENET_BATCH } from './imagenet-shapes.js';
import type { TorchSpec } from '../pytorch/plan.js';

/** One row of the benchmark table: what it measures and how an engine prepares it. */
export interface BenchCase extends Omit<BenchRow, 'results'> {
  /** The run's work by kernel family ('matmul', 'conv-forward', …), to predict its time from smaller cases. */
  cost: CostPart[];
  prepare(engine: Engine): Promise<Workload>;
  /** The same workload for scripts/pytorch_reference.py; null where PyTorch has no counterpart. */
  torch: TorchSpec | null;
}

export interface CostPart {
  family: string;
  flops: number;
}

/** The issue's benchmarks in table order, narrowed to what the profile runs. */
export function benchCases(profile: Profile): BenchCase[] {
  const all = [
    ...matmulCases(profile.matmulSizes),
    ...convCases(),
    ...poolAndNormCases(),
    ...opCases(),
    augmentCase(),
    ...modelCases(profile),
  ];
  return profile.only ? all.filter((c) => profile.only?.includes(c.id)) : all;
}

function matmulCases(sizes: readonly number[]): BenchCase[] {
  return sizes.map((n) => ({
    id: `matmul-${n}`,
    group: 'matmul',
    name: `matmul ${n}`,
    shape: `[${n}, ${n}] @ [${n}, ${n}]`,
    flops: matmulFlops(n),
    images: null,
    cost: [{ family: 'matmul', flops: matmulFlops(n) }],
    prepare: (e) => e.matmul(n),
    torch: { kind: 'matmul', n },
  }));
}

const PASS_NAMES = { forward: 'forward', backwardInput: 'backward-input', backwardWeight: 'backward-weight' } as const;

function convCases(): BenchCase[] {
  return CONV_CASES.flatMap((c) =>
    (['forward', 'backwardInput', 'backwardWeight'] as const).map((pass) => ({
      id: `conv-${slug(c.name)}-${PASS_NAMES[pass]}`,
      group: 'conv' as const,
      name: `conv2d ${c.name} ${PASS_NAMES[pass]}`,
      shape: convShape(c),
      flops: convFlops(c),
      images: null,
      cost: [{ family: `conv-${pass}`, flops: convFlops(c) }],
      prepare: (e: Engine) => e.conv(c, pass),
      torch: { kind: 'conv' as const, pass, ...c },
    })),
  );
}

function convShape(c: ConvCase): string {
  const out = convOutSize(c);
  const size = out === c.size ? `${c.size}²` : `${c.size}²→${out}²`;
  return `N${c.n} ${c.cIn}→${c.cOut} ${size} K${c.k} P${c.pad}${c.stride > 1 ? ` S${c.stride}` : ''}`;
}

function poolAndNormCases(): BenchCase[] {
  const p = POOL_CASE;
  const pool = `N${p.n} C${p.c} ${p.size}²→${p.size / p.k}² K${p.k} S${p.k}`;
  const n = NORM_CASE;
  const norm = `N${n.n} C${n.c} ${n.size}², batch statistics`;
  return [
    {
      id: 'maxpool-forward',
      group: 'pool',
      name: 'max-pool forward',
      shape: pool,
      flops: null,
      images: null,
      cost: [],
      prepare: (e) => e.maxPool(p, 'forward'),
      torch: { kind: 'maxPool', pass: 'forward', ...p },
    },
    {
      id: 'maxpool-backward',
      group: 'pool',
      name: 'max-pool forward + backward',
      shape: pool,
      flops: null,
      images: null,
      cost: [],
      prepare: (e) => e.maxPool(p, 'backward'),
      torch: { kind: 'maxPool', pass: 'backward', ...p },
    },
    {
      id: 'batchnorm-forward',
      group: 'norm',
      name: 'batch-norm forward',
      shape: norm,
      flops: null,
      images: null,
      cost: [],
      prepare: (e) => e.batchNorm(n, 'forward'),
      torch: { kind: 'batchNorm', pass: 'forward', ...n },
    },
    {
      id: 'batchnorm-backward',
      group: 'norm',
      name: 'batch-norm forward + backward',
      shape: norm,
      flops: null,
      images: null,
      cost: [],
      prepare: (e) => e.batchNorm(n, 'backward'),
      torch: { kind: 'batchNorm', pass: 'backward', ...n },
    },
  ];
}

/** The 0.2 ops whose kernels matter for speed (interpolate, reflect padding, gathers, topk, blur pool). */
function opCases(): BenchCase[] {
  return OP_CASES.map((o) => ({
    id: o.id,
    group: 'op' as const,
    name: o.name,
    shape: o.shape,
    flops: null,
    images: null,
    cost: [],
    prepare: (e: Engine) => e.op(o.case),
    torch: { kind: 'op' as const, ...o.case },
  }));
}

/** A CIFAR batch's augmentation, which must take less time than the model's forward pass of it. */
function augmentCase(): BenchCase {
  return {
    id: `augment-cifar-${AUGMENT_BATCH}`,
    group: 'data',
    name: 'augment: randomResizedCrop + flip',
    shape: `${AUGMENT_BATCH}×3×32², bilinear`,
    flops: null,
    images: AUGMENT_BATCH,
    cost: [],
    prepare: (e) => e.augment(AUGMENT_BATCH),
    // The data package's batch transforms have no PyTorch counterpart on a batch tensor
    // (torchvision 0.14's RandomResizedCrop draws one crop for the whole batch).
    torch: null,
  };
}

function modelCases(profile: Profile): BenchCase[] {
  const models: ModelCase[] = [
    { model: 'lenet5', mode: 'train', batch: profile.lenetBatch },
    { model: 'lenet5', mode: 'infer', batch: profile.lenetBatch },
    { model: 'resnet20', mode: 'train', batch: profile.resnetTrainBatch },
    { model: 'resnet20', mode: 'infer', batch: profile.resnetInferBatch },
    // Last: an engine's time per FLOP on the inference rows before (resnet20's, then resnet18's)
    // predicts theirs, so a time-boxed profile skips the runs that would take too long.
    { model: 'resnet18', mode: 'infer', batch: IMAGENET_BATCH },
    { model: 'mobilenetV2', mode: 'infer', batch: IMAGENET_BATCH },
  ];
  return models.map((m) => ({
    id: `${m.model}-${m.mode}`,
    group: 'model',
    name: `${MODEL_NAMES[m.model]} ${m.mode === 'train' ? 'training step' : 'inference'}`,
    shape: `batch ${m.batch}, ${imageShapeText(m)}`,
    flops: modelFlops(m),
    images: m.batch,
    // A model's layers run the conv kernels (linear layers as matmuls of similar speed per FLOP).
    cost: Object.entries(modelFlopsByPass(m))
      .filter(([, f]) => f > 0)
      .map(([pass, flops]) => ({ family: `conv-${pass}`, flops })),
    prepare: (e) => e.model(m),
    torch: { kind: 'model', ...m },
  }));
}

const MODEL_NAMES: Record<ModelCase['model'], string> = {
  lenet5: 'LeNet-5',
  resnet20: 'resnet20',
  resnet18: 'resnet18',
  mobilenetV2: 'MobileNetV2',
};

/** `1×28²`, `3×224²`: channels × size². */
function imageShapeText(m: ModelCase): string {
  const [c, h] = modelImageShape(m);
  return `${c}×${h}²`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
