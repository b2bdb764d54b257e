import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../parity/runtimes.js';
import { lastErrorLine, runProcess } from './python.js';

/**
 * Runs packages/tooling/ensure-openblas.sh, which installs libopenblas0-pthread where apt exists
 * and it is missing: without it Debian's torch falls back to the reference BLAS. Returns null
 * when OpenBLAS is there, else why not (the run goes on; the report names the BLAS torch used).
 */
export async function ensureOpenblas(): Promise<string | null> {
  const script = join(appRoot(), '..', '..', 'packages', 'tooling', 'ensure-openblas.sh');
  if (!existsSync(script)) return `${script} not found`;
  const run = await runProcess('bash', [script], { timeoutMs: 15 * 60_000 });
  return run.code === 0 ? null : lastErrorLine(run.stderr);
}
