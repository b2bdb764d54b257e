import { autogradSuite } from './autograd.js';
import { fixtureSuite } from './fixtures.js';
import { errorSuite } from './errors.js';
import { gradcheckSuite } from './gradcheck.js';
import { tensorSuite } from './tensor.js';
import { sizeSuite } from './sizes.js';

/** Every conformance suite, in the order they report. */
export function registerSuites(): void {
  tensorSuite();
  autogradSuite();
  fixtureSuite();
  errorSuite();
  sizeSuite();
  gradcheckSuite();
}
