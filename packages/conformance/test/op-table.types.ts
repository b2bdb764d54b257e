// Type-level tests of the op table, checked by `tsc -p tsconfig.json` (npm run typecheck), never
// run: each @ts-expect-error fails the typecheck if the line below it ever compiles.
import { OPS, type OpTable } from '../src/families/index.js';
import type { OpSpec } from '../src/harness/family.js';

const { conv2d: _dropped, ...withoutConv2d } = OPS;
// @ts-expect-error conv2d is exported by functional, so the table must hold it
export const missingOp: OpTable = withoutConv2d;
// @ts-expect-error an op needs at least one error case
export const noErrorCases: OpSpec = { ...OPS.relu, errors: [] };
// @ts-expect-error an op needs at least one gradcheck
export const noGradchecks: OpSpec = { ...OPS.relu, gradcheck: [] };
