import { checkPositiveIntegers, checkProbability } from './options.js';

/** What every ImageNet-style builder of the zoo takes (torchvision's names, camelCased). */
export interface ClassifierOptions {
  /** Outputs of the final Linear (default 1000, ImageNet's classes). */
  numClasses?: number;
  /** Channels of the input image (default 3); only the first conv's weight changes shape. */
  inChannels?: number;
  /** Probability of each Dropout in the classifier head (torchvision's `dropout`). */
  dropout?: number;
}

/** The options with their defaults filled in and checked, naming the builder in errors. */
export function classifierOptions(op: string, opts: ClassifierOptions, defaultDropout: number): Required<ClassifierOptions> {
  const { numClasses = 1000, inChannels = 3, dropout = defaultDropout } = opts;
  checkPositiveIntegers(op, { numClasses, inChannels });
  checkProbability(op, 'dropout', dropout);
  return { numClasses, inChannels, dropout };
}
