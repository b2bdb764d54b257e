import { vgg11, vgg11Bn, vgg16, vgg16Bn } from '../src/index.js';
import { expect, it } from 'vitest';
import { describeArchitectures, expected, type ArchitectureCase } from './helpers/architectures.js';

// Only vgg11 runs torchvision's init loop (130M normal draws, tens of seconds on 2 cores) and is
// checked for it; the others are built with `initWeights: false`, torchvision's own switch,
// which changes no layer.
const MODELS: ArchitectureCase[] = [
  ['vgg11', () => vgg11(), { linearStd: 0.01 }],
  ['vgg11_bn', () => vgg11Bn({ initWeights: false }), 'not-checked'],
  ['vgg16', () => vgg16({ initWeights: false }), 'not-checked'],
  ['vgg16_bn', () => vgg16Bn({ initWeights: false }), 'not-checked'],
  ['vgg11_in1_c10', () => vgg11({ numClasses: 10, inChannels: 1, initWeights: false }), 'not-checked'],
];

it('checks every VGG of the fixture', () => {
  expect(MODELS.map(([name]) => name)).toEqual(Object.keys(expected).filter((name) => name.startsWith('vgg')));
});

describeArchitectures(MODELS);
