import { ones, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import { Module } from '@stride/layers';
import { layerNorm } from '../functional/layer-norm.js';

export interface LayerNormLayerOptions {
  eps?: number;
  /** Learnable elementwise weight (ones) and bias (zeros) of shape normalizedShape. */
  elementwiseAffine?: boolean;
  backend?: Backend;
}

/** nn.LayerNorm: normalises each sample over its trailing `normalizedShape` dimensions, in train and eval alike. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight!: Tensor | null;
  bias!: Tensor | null;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormLayerOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`LayerNorm: normalizedShape must be one or more positive integers but got [${shape.join(', ')}]`);
    }
    this.normalizedShape = shape;
    this.eps = opts.eps ?? 1e-5;
    this.elementwiseAffine = opts.elementwiseAffine ?? true;
    const backend = opts.backend;
    this.registerParameter('weight', this.elementwiseAffine ? ones(shape, { backend }) : null);
    this.registerParameter('bias', this.elementwiseAffine ? zeros(shape, { backend }) : null);
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, { eps: this.eps });
  }
}
