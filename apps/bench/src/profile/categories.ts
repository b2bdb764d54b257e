// Kernel and op names sorted into the kinds of work a training step does, so Stride's kernels and
// PyTorch's aten ops can stand side by side. The first rule that matches a name wins.

export const CATEGORIES = [
  'conv backward',
  'conv forward',
  'matmul / linear',
  'batch norm',
  'pooling',
  'activation',
  'softmax / loss',
  'optimizer',
  'copies and layout',
  'fills and allocation',
  'elementwise and reductions',
  'reads and sync',
  'autograd bookkeeping',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];

type Rules = readonly (readonly [Category, RegExp])[];

/** Stride's kernel names (`binary:add`, `convBackwardWeight`, …), as profiledBackend labels them. */
const STRIDE: Rules = [
  ['conv backward', /^convBackward/],
  ['conv forward', /^conv$/],
  ['matmul / linear', /^matmul$/],
  ['batch norm', /^batchNorm/],
  ['pooling', /pool/i],
  ['activation', /relu|^unary:(sigmoid|tanh|gelu|elu|silu)/i],
  ['softmax / loss', /softmax|nll|crossEntropy/i],
  ['optimizer', /^(sgd|adam)Update$/],
  ['copies and layout', /^(copy|pad|padMode|concat|cast|im2col|col2im|gather|indexSelect|scatter)$/],
  ['fills and allocation', /^(fill|random|write)$/],
  ['elementwise and reductions', /^(unary|binary|where|reduce|argReduce|channelAffine)\b/],
  ['reads and sync', /^(read|readSync|sync|disposeData)$/],
];

/** PyTorch's profiler names (`aten::mkldnn_convolution`, `Optimizer.step: aten::add_`, …). */
const PYTORCH: Rules = [
  ['optimizer', /^Optimizer\./],
  ['conv backward', /convolution_backward|ConvolutionBackward|conv2d_backward/],
  ['conv forward', /convolution|conv2d/],
  ['matmul / linear', /^aten::(mm|addmm|bmm|matmul|linear)$/],
  ['batch norm', /batch_norm/i],
  ['pooling', /pool/i],
  ['activation', /relu|threshold|clamp|hardtanh/i],
  ['softmax / loss', /softmax|nll_loss|cross_entropy/i],
  ['autograd bookkeeping', /^autograd::|Backward\d*$|AccumulateGrad|^detach/],
  ['copies and layout', /copy_|::cat$|pad|contiguous|clone|slice|index|as_strided|reshape|view|transpose|^aten::t$|expand|permute|flatten/],
  ['fills and allocation', /fill_|zero_|zeros|empty|ones|full/],
  ['elementwise and reductions', /^aten::(add|sub|mul|div|sum|mean|max|min|where|sqrt|neg|exp|log)/],
  ['reads and sync', /item|_local_scalar_dense/],
];

export function strideCategory(kernel: string): Category {
  return categorize(STRIDE, kernel);
}

export function pytorchCategory(op: string): Category {
  return categorize(PYTORCH, op);
}

function categorize(rules: Rules, name: string): Category {
  return rules.find(([, re]) => re.test(name))?.[0] ?? 'other';
}
