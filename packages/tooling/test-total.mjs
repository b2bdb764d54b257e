// Prints one line per vitest run (each package under each runtime) and one grand total, from the
// JSON reports vitest.shared.ts writes when STRIDE_TEST_REPORT_DIR is set.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let [passed, failed, skipped, runs] = [0, 0, 0, 0];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const s = r.numPendingTests + r.numTodoTests;
  console.log(`${file.replace(/\.json$/, '')}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${s} skipped`);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += s;
  runs++;
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped (${runs} runs: every package on Node, Bun and Deno)`);
