import { expect, it } from 'vitest';
import { alexnet, mobilenetV2, resnet50 } from '../src/index.js';
import { describeArchitectures, expected, type ArchitectureCase } from './helpers/architectures.js';

// The VGGs are in vgg-architectures.test.ts, a process of their own: the CPU backend's heap keeps
// freed blocks by size class, and after four 130M-parameter models a fifth of other sizes
// would not fit its 2 GiB.
const MODELS: ArchitectureCase[] = [
  ['alexnet', () => alexnet(), 'pytorch-default'],
  ['alexnet_in1_c10', () => alexnet({ numClasses: 10, inChannels: 1 }), 'not-checked'],
  ['mobilenet_v2', () => mobilenetV2(), { linearStd: 0.01 }],
  ['mobilenet_v2_in1_c10', () => mobilenetV2({ numClasses: 10, inChannels: 1 }), 'not-checked'],
  ['mobilenet_v2_w0.5', () => mobilenetV2({ widthMult: 0.5 }), 'not-checked'],
  ['mobilenet_v2_w1.4', () => mobilenetV2({ widthMult: 1.4 }), 'not-checked'],
  ['resnet50', () => resnet50(), { linearStd: null }],
  ['resnet50_in1_c10', () => resnet50({ numClasses: 10, inChannels: 1 }), 'not-checked'],
];

it('checks every model of the fixture but the VGGs', () => {
  expect(MODELS.map(([name]) => name)).toEqual(Object.keys(expected).filter((name) => !name.startsWith('vgg')));
});

describeArchitectures(MODELS);
