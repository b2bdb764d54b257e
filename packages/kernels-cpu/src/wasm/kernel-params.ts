/** The convolution geometry that im2col, col2im, im2col_packed and conv_forward start with. */
export const IMAGE_PARAMS = ['image', 'channels', 'h', 'w', 'kh', 'kw', 'sh', 'sw', 'ph', 'pw', 'dh', 'dw', 'oh', 'ow'] as const;

/** The input image every Winograd function over x starts with: its address, channels, size and padding. */
export const WINOGRAD_IMAGE_PARAMS = ['image', 'channels', 'h', 'w', 'ph', 'pw'] as const;
/** The weight gradient's operands: input patches and output-gradient tiles, channels in lanes (`src/wasm/winograd-weight-operands.ts`). */
const WINOGRAD_PATCHES_PARAMS = [...WINOGRAD_IMAGE_PARAMS, 'tilesPerRow', 'tilesPerImage', 'dst', 'xiStride', 't0', 'count'] as const;
/** Winograd's input transform into packed GEMM panels (`src/wasm/winograd-input.ts`): the patches' parameters and a channel range. */
const WINOGRAD_INPUT_PARAMS = [...WINOGRAD_PATCHES_PARAMS, 'k0', 'kc'] as const;
/** Winograd's output transform from the GEMMs' products into y (`src/wasm/winograd-output.ts`). */
const WINOGRAD_OUTPUT_PARAMS = ['src', 'xiStride', 'ldc', 'og', 'y', 'oh', 'ow', 'tilesPerRow', 'tilesPerImage', 't0', 'count'] as const;
/** A run of tiles of a Winograd convolution (`src/wasm/winograd-driver.ts`). */
const WINOGRAD_PARAMS = [...WINOGRAD_IMAGE_PARAMS, 'u', 'og', 'y', 'oh', 'ow', 't0', 't1', 'tileBlock', 'scratch'] as const;
const WINOGRAD_DY_PARAMS = ['dy', 'og', 'oh', 'ow', 'tilesPerRow', 'tilesPerImage', 'dst', 'xiStride', 't0', 'count'] as const;
/** A run of tiles' share of a Winograd weight gradient (`src/wasm/winograd-weight-driver.ts`). */
const WINOGRAD_WEIGHTS_PARAMS = [...WINOGRAD_IMAGE_PARAMS, 'dy', 'og', 'oh', 'ow', 't0', 't1', 'tileBlock', 'partial', 'scratch'] as const;

/**
 * Every kernel the wasm module exports, with its parameters in order: all i32, byte addresses
 * for operands, counts and strides as the kernel's comment says, and the optimizer kernels'
 * hyperparameters as float32 bits. The generators read their parameter indices from here and
 * callers name their arguments by it (`WasmRuntime.call`, `KernelCall`), so neither counts
 * positions. The module exports the kernels in this order, and the thread pool names them by it.
 */
export const KERNEL_PARAMS = {
  gemm_block: ['mPanels', 'nPanels', 'kc', 'aPack', 'bPack', 'c', 'ldc', 'add'],
  pack_a: ['src', 'rowStride', 'colStride', 'mc', 'kc', 'dst'],
  pack_b: ['src', 'rowStride', 'colStride', 'kc', 'nc', 'dst'],
  sgemm: ['m', 'n', 'k', 'a', 'aRowStride', 'aColStride', 'b', 'bRowStride', 'bColStride', 'c', 'ldc', 'scratch', 'add'],
  im2col: [...IMAGE_PARAMS, 'cols', 'pitch'],
  col2im: [...IMAGE_PARAMS, 'cols', 'pitch'],
  zero: ['dst', 'bytes'],
  relu: ['x', 'out', 'n'],
  relu_backward: ['x', 'dy', 'out', 'n'],
  add: ['x', 'y', 'out', 'n'],
  add_rows: ['x', 'values', 'out', 'length', 'rows'],
  sub: ['x', 'y', 'out', 'n'],
  sub_rows: ['x', 'values', 'out', 'length', 'rows'],
  mul: ['x', 'y', 'out', 'n'],
  mul_rows: ['x', 'values', 'out', 'length', 'rows'],
  div: ['x', 'y', 'out', 'n'],
  div_rows: ['x', 'values', 'out', 'length', 'rows'],
  affine_rows: ['x', 'scale', 'shift', 'out', 'length', 'rows'],
  affine_relu_rows: ['x', 'scale', 'shift', 'out', 'length', 'rows'],
  sgd_momentum: ['param', 'grad', 'momentumBuffer', 'outParam', 'outMomentumBuffer', 'n', 'momentum', 'oneMinusDampening', 'lr'],
  max_pool_2x2: ['src', 'out', 'argmax', 'planes', 'h', 'w', 'oh', 'ow'],
  transpose: ['src', 'rows', 'cols', 'dst', 'row0', 'row1'],
  batch_norm_forward: ['x', 'out', 'weight', 'bias', 'eps', 'mean', 'variance', 'invStd', 'batch', 'channels', 'plane', 'c0', 'c1'],
  batch_norm_backward: ['x', 'dy', 'dx', 'mean', 'invStd', 'weight', 'dweight', 'dbias', 'batch', 'channels', 'plane', 'c0', 'c1'],
  batch_norm_relu_forward: ['x', 'out', 'weight', 'bias', 'eps', 'mean', 'variance', 'invStd', 'batch', 'channels', 'plane', 'c0', 'c1'],
  batch_norm_relu_backward: [
    'x',
    'dy',
    'out',
    'dx',
    'mean',
    'invStd',
    'weight',
    'dweight',
    'dbias',
    'batch',
    'channels',
    'plane',
    'c0',
    'c1',
  ],
  im2col_packed: [...IMAGE_PARAMS, 'dst', 'p0', 'count', 'k0', 'kc'],
  conv_forward: [...IMAGE_PARAMS, 'packedWeights', 'og', 'y', 'ldc', 'scratch'],
  max_pool_backward: ['dy', 'argmax', 'dx', 'planes', 'inPlane', 'outPlane'],
  channel_sums: ['x', 'out', 'batch', 'channels', 'plane', 'c0', 'c1'],
  adam: [
    'param',
    'grad',
    'expAvg',
    'expAvgSq',
    'outParam',
    'outExpAvg',
    'outExpAvgSq',
    'n',
    'shrink',
    'beta1',
    'oneMinusBeta1',
    'beta2',
    'oneMinusBeta2',
    'sqrtBiasCorrection2',
    'eps',
    'stepSize',
  ],
  sgd: ['param', 'grad', 'outParam', 'n', 'lr'],
  winograd_input_2: WINOGRAD_INPUT_PARAMS,
  winograd_input_4: WINOGRAD_INPUT_PARAMS,
  winograd_output_2: WINOGRAD_OUTPUT_PARAMS,
  winograd_output_4: WINOGRAD_OUTPUT_PARAMS,
  winograd_2: WINOGRAD_PARAMS,
  winograd_4: WINOGRAD_PARAMS,
  winograd_patches_2: WINOGRAD_PATCHES_PARAMS,
  winograd_patches_4: WINOGRAD_PATCHES_PARAMS,
  winograd_dy_2: WINOGRAD_DY_PARAMS,
  winograd_dy_4: WINOGRAD_DY_PARAMS,
  winograd_weights_2: WINOGRAD_WEIGHTS_PARAMS,
  winograd_weights_4: WINOGRAD_WEIGHTS_PARAMS,
} as const satisfies Record<string, readonly string[]>;

export type KernelName = keyof typeof KERNEL_PARAMS;
export type KernelParam<K extends KernelName> = (typeof KERNEL_PARAMS)[K][number];
/** A kernel call's arguments by parameter name: a missing or misspelled one does not compile. */
export type KernelArgs<K extends KernelName> = { readonly [P in KernelParam<K>]: number };

/** The kernels in export order (the thread pool and the workers name them by index). */
export const KERNELS = Object.keys(KERNEL_PARAMS) as readonly KernelName[];

/** The geometry arguments those four kernels share (`IMAGE_PARAMS`). */
export type ImageArgs = { readonly [P in (typeof IMAGE_PARAMS)[number]]: number };

/**
 * Named arguments in the kernel's parameter order, as the wasm function takes them. Callers
 * reach it through typed entries (`WasmRuntime.call`, `KernelCall`), which check the names.
 */
export function argsInOrder(kernel: KernelName, args: Readonly<Record<string, number>>): number[] {
  const params: readonly string[] = KERNEL_PARAMS[kernel];
  return params.map((p) => args[p]!);
}

/** Each parameter's index (its local in the function body), by name, for the generators. */
export function paramIndices<K extends KernelName>(kernel: K): { readonly [P in KernelParam<K>]: number } {
  const params: readonly string[] = KERNEL_PARAMS[kernel];
  return Object.fromEntries(params.map((p, i) => [p, i])) as { readonly [P in KernelParam<K>]: number };
}
