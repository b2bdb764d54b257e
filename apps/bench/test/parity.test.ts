import { describe, expect, it } from 'vitest';
import { errorRatio } from '../src/parity/error-ratio.js';
import { familiesOf, familyName, suiteError, type VitestJson } from '../src/parity/vitest-json.js';

const result = (titles: string[], status: string, worstRatio?: number | string) => ({
  ancestorTitles: ['conformance: cpu', ...titles],
  title: 'case',
  status,
  failureMessages: status === 'failed' ? ['AssertionError: differs\n  at line'] : [],
  meta: worstRatio === undefined ? {} : { worstRatio },
});

describe('errorRatio', () => {
  it('is the largest difference over atol + rtol·max|expected|', () => {
    // max|exp| = 4, allowed = 0.1 + 0.01·4 = 0.14; worst diff 0.07.
    expect(errorRatio([1.05, -3.93], [1, -4], 0.01, 0.1)).toBeCloseTo(0.5, 12);
  });
  it('is Infinity when a value is NaN', () => {
    expect(errorRatio([Number.NaN], [1], 1e-5, 1e-7)).toBe(Infinity);
  });
  it('is null when the sizes differ', () => {
    expect(errorRatio([1, 2], [1], 1e-5, 1e-7)).toBeNull();
  });
});

describe('families from vitest JSON', () => {
  it('names each test by its family, the describe inside the backend, whatever it checks', () => {
    expect(familyName(['conformance: cpu', 'pooling', 'maxPool2d'])).toBe('pooling');
    expect(familyName(['conformance: cpu', 'convolutions', 'conv2d'])).toBe('convolutions');
    expect(familyName(['conformance: cpu', 'creation and sizes', 'sizes are checked where tensors are made'])).toBe('creation and sizes');
    expect(familyName(['conformance: cpu', 'autograd'])).toBe('autograd');
    expect(familyName(['conformance: cpu'])).toBe('(top level)');
  });
  it('counts passed/ran and skips apart, keeps the worst ratio and the first line of each failure', () => {
    const json: VitestJson = {
      testResults: [
        {
          assertionResults: [
            result(['pooling', 'maxPool2d'], 'passed', 0.02),
            result(['pooling', 'maxPool2d'], 'failed', 'Infinity'),
            result(['pooling', 'avgPool2d'], 'passed', 0.3),
            result(['pooling', 'maxPool2d'], 'skipped'),
            result(['autograd'], 'passed'),
            result(['convolutions', 'conv2d'], 'skipped'),
          ],
        },
      ],
    };
    expect(familiesOf(json)).toEqual([
      { family: 'pooling', passed: 2, total: 3, skipped: 1, worstRatio: Infinity, failures: ['case: AssertionError: differs'] },
      { family: 'autograd', passed: 1, total: 1, skipped: 0, worstRatio: null, failures: [] },
      { family: 'convolutions', passed: 0, total: 0, skipped: 1, worstRatio: null, failures: [] },
    ]);
  });
  it('reports a suite that failed to load', () => {
    expect(suiteError({ testResults: [{ message: 'Failed to load url x\nstack', assertionResults: [] }] })).toBe('Failed to load url x');
  });
});
