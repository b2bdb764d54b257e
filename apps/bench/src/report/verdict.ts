import { speedRatio } from '../measure/stats.js';
import { formatRatio } from './format.js';
import type { BackendStatus, Report } from './types.js';

/** An adapter that is a CPU emulating a GPU: its WebGPU numbers say nothing about a real GPU. */
export function isSoftwareAdapter(adapter: string | null): boolean {
  return adapter !== null && /llvmpipe|lavapipe|swiftshader|software|basic render/i.test(adapter);
}

/** How a backend is named in tables and verdicts: WebGPU on a software adapter says so. */
export function backendLabel(status: BackendStatus | undefined, backend: string): string {
  return status && isSoftwareAdapter(status.adapter) ? `${backend} (software adapter: ${status.adapter})` : backend;
}

/**
 * One line per backend, what a reader wants first: available or not and why, conformance
 * passed over every runtime, and against each peer on how many rows Stride is faster, with the
 * geometric mean of the speed ratios.
 */
export function verdicts(r: Report): string[] {
  return r.backends.map((b) => {
    if (!b.available) return `${b.name}: UNAVAILABLE — ${b.reason ?? 'no reason given'}; its parity and benchmarks did not run`;
    const parts: string[] = [];
    const runs = r.parity?.runs.filter((run) => run.backend === b.name && run.available && !run.error) ?? [];
    if (runs.length > 0) {
      const [passed, total] = runs.reduce(([p, t], run) => [p + run.families.reduce((a, f) => a + f.passed, 0), t + run.families.reduce((a, f) => a + f.total, 0)], [0, 0]);
      parts.push(`conformance ${passed}/${total}${passed === total ? '' : ' FAILING'} on ${runs.map((run) => run.runtime).join(', ')}`);
    }
    const stride = r.bench?.engines.find((e) => e.library === 'stride' && e.backend === b.name);
    for (const peer of r.bench?.engines.filter((e) => e.library !== 'stride' && e.backend === b.name) ?? []) {
      const ratios = (r.bench?.rows ?? []).flatMap((row) => {
        const [s, p] = [row.results.find((x) => x.engine === stride?.id), row.results.find((x) => x.engine === peer.id)];
        const ratio = s?.status === 'ok' && p?.status === 'ok' ? speedRatio(s.medianMs, p.medianMs) : null;
        return ratio === null ? [] : [ratio];
      });
      if (ratios.length === 0) continue;
      const faster = ratios.filter((x) => x > 1).length;
      const geomean = Math.exp(ratios.reduce((a, x) => a + Math.log(x), 0) / ratios.length);
      parts.push(`faster than ${peer.label} on ${faster} of ${ratios.length} rows (geometric mean ${formatRatio(geomean)})`);
    }
    return `${backendLabel(b, b.name)}: ${parts.join('; ') || 'available'}`;
  });
}

