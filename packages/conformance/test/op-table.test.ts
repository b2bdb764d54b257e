import { describe, expect, it } from 'vitest';
import { functional as F } from '@stride/core-tensor';
import { FAMILIES, OPS } from '../src/families/index.js';
import { casesOf } from '../src/harness/fixtures.js';

// "One way to add an op" (issue 13): every functional op has fixtures, gradchecks and error cases.
// The compiler enforces the table's shape (see op-table.types.ts); these check what it cannot.
describe('the op table', () => {
  it('has an entry for every function core exports as functional', () => {
    const functions = Object.entries(F).filter(([, v]) => typeof v === 'function');
    expect(functions.map(([name]) => name).filter((name) => !(name in OPS))).toEqual([]);
  });

  it('runs at least one PyTorch fixture case of every op, from its family', () => {
    const untested = FAMILIES.flatMap((f) =>
      Object.keys(f.ops)
        .filter((op) => casesOf(f.fixtures, op).length === 0)
        .map((op) => `${f.title}: ${op}`),
    );
    expect(untested).toEqual([]);
  });

  it('runs every case of every fixture file: no case names an op its family does not hold', () => {
    const orphans = FAMILIES.flatMap((f) =>
      f.fixtures.flatMap((file) => file.cases.filter((c) => !FAMILIES.some((g) => c.op in g.ops && g.fixtures.includes(file)))),
    ).map((c) => c.name);
    expect(orphans).toEqual([]);
  });

  it('holds each op in one family only', () => {
    const names = FAMILIES.flatMap((f) => Object.keys(f.ops));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(Object.keys(OPS).sort()).toEqual([...names].sort());
  });
});
