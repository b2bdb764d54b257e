import { functional as F, type Tensor } from '@stride/core-tensor';

/** A fixture case's tensors by the names the generator gave them (x, weight, bias, input, target, a, b). */
export type FixtureArgs = Record<string, Tensor | undefined>;
/** A fixture case's options, already holding tensors where the fixture stored one (class weights). */
export type FixtureOptions = Record<string, unknown>;

type Call = (t: FixtureArgs, o: FixtureOptions) => Tensor;
// The options argument exactly as the Stride function declares it.
type Opts<Fn extends (...args: never[]) => unknown, I extends number> = Parameters<Fn>[I];

/**
 * How each fixture op is called in Stride, written as a user would write it. The options
 * objects come from the fixtures verbatim: the generator writes them in Stride's camelCase.
 */
export const fixtureOps: Record<string, Call> = {
  conv1d: (t, o) => F.conv1d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv1d, 3>),
  conv2d: (t, o) => F.conv2d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv2d, 3>),
  conv3d: (t, o) => F.conv3d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv3d, 3>),
  convTranspose2d: (t, o) => F.convTranspose2d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.convTranspose2d, 3>),
  linear: (t) => F.linear(arg(t, 'x'), arg(t, 'weight'), t.bias),

  maxPool2d: (t, o) => F.maxPool2d(arg(t, 'x'), o as unknown as Opts<typeof F.maxPool2d, 1>),
  avgPool2d: (t, o) => F.avgPool2d(arg(t, 'x'), o as unknown as Opts<typeof F.avgPool2d, 1>),
  adaptiveAvgPool2d: (t, o) => F.adaptiveAvgPool2d(arg(t, 'x'), o.outputSize as Opts<typeof F.adaptiveAvgPool2d, 1>),

  relu: (t) => F.relu(arg(t, 'x')),
  leakyRelu: (t, o) => (o.negativeSlope === undefined ? F.leakyRelu(arg(t, 'x')) : F.leakyRelu(arg(t, 'x'), o.negativeSlope as number)),
  sigmoid: (t) => F.sigmoid(arg(t, 'x')),
  tanh: (t) => F.tanh(arg(t, 'x')),
  gelu: (t, o) => F.gelu(arg(t, 'x'), o as Opts<typeof F.gelu, 1>),
  softmax: (t, o) => F.softmax(arg(t, 'x'), o.dim as number),
  logSoftmax: (t, o) => F.logSoftmax(arg(t, 'x'), o.dim as number),
  dropout: (t, o) => F.dropout(arg(t, 'x'), o as Opts<typeof F.dropout, 1>),

  batchNormTraining: (t, o) => F.batchNormTraining(arg(t, 'x'), t.weight, t.bias, o as Opts<typeof F.batchNormTraining, 3>).out,

  crossEntropy: (t, o) => F.crossEntropy(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.crossEntropy, 2>),
  nllLoss: (t, o) => F.nllLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.nllLoss, 2>),
  mseLoss: (t, o) => F.mseLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.mseLoss, 2>),

  add: (t) => arg(t, 'a').add(arg(t, 'b')),
  sub: (t) => arg(t, 'a').sub(arg(t, 'b')),
  mul: (t) => arg(t, 'a').mul(arg(t, 'b')),
  div: (t) => arg(t, 'a').div(arg(t, 'b')),
  matmul: (t) => arg(t, 'a').matmul(arg(t, 'b')),
  pow: (t, o) => arg(t, 'x').pow(o.exponent as number),
  exp: (t) => arg(t, 'x').exp(),
  log: (t) => arg(t, 'x').log(),
  sqrt: (t) => arg(t, 'x').sqrt(),
  neg: (t) => arg(t, 'x').neg(),
  sum: (t, o) => (o.dim === undefined ? arg(t, 'x').sum() : arg(t, 'x').sum(o.dim as number, o.keepdim as boolean | undefined)),
  mean: (t, o) => (o.dim === undefined ? arg(t, 'x').mean() : arg(t, 'x').mean(o.dim as number, o.keepdim as boolean | undefined)),
  max: (t, o) => (o.dim === undefined ? arg(t, 'x').max() : arg(t, 'x').max(o.dim as number)),
};

function arg(t: FixtureArgs, name: string): Tensor {
  const value = t[name];
  if (!value) throw new Error(`fixture case has no input named '${name}'`);
  return value;
}
