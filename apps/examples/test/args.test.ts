import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';

describe('the examples’ arguments', () => {
  it('reads --name value and --name=value', () => {
    expect(parseArgs('train-mnist', ['--epochs', '2', '--lr=0.002'], ['epochs', 'lr'])).toEqual({ epochs: '2', lr: '0.002' });
  });
  it('names the script and the options it takes when one is unknown', () => {
    expect(() => parseArgs('train-mnist', ['--epoch', '2'], ['epochs', 'lr'])).toThrow(
      /^train-mnist: Unknown option '--epoch'.* \(expected --epochs, --lr\)$/,
    );
  });
  it('refuses a stray word', () => {
    expect(() => parseArgs('train-cifar', ['fast'], ['data'])).toThrow(/^train-cifar: .*'fast'/);
  });
});
