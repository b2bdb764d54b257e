import type { FamilyResult } from '../report/types.js';

/** The parts of vitest's JSON reporter output that parity reads. */
export interface VitestJson {
  testResults: {
    message?: string;
    status?: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages?: string[];
      meta?: Record<string, unknown>;
    }[];
  }[];
}

const MAX_FAILURES = 3;

/**
 * Groups one backend's conformance results by op family, read from the describe titles the
 * suite writes: `conformance: cpu › pooling › maxPool2d › <test>` is the family "pooling", which
 * holds its ops' PyTorch fixtures, gradchecks and error cases alike.
 */
export function familiesOf(json: VitestJson): FamilyResult[] {
  const families = new Map<string, FamilyResult>();
  for (const file of json.testResults) {
    for (const t of file.assertionResults) {
      const name = familyName(t.ancestorTitles);
      let f = families.get(name);
      if (!f) families.set(name, (f = { family: name, passed: 0, total: 0, skipped: 0, worstRatio: null, failures: [] }));
      if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo') {
        f.skipped++;
        continue;
      }
      f.total++;
      if (t.status === 'passed') f.passed++;
      else if (t.status === 'failed' && f.failures.length < MAX_FAILURES) {
        f.failures.push(`${t.title}: ${firstLine(t.failureMessages?.[0] ?? 'failed')}`);
      }
      const ratio = ratioOf(t.meta?.worstRatio);
      if (ratio !== null) f.worstRatio = Math.max(f.worstRatio ?? 0, ratio);
    }
  }
  return [...families.values()];
}

/** A message when the suite broke as a whole (no tests ran: an import failed); else null. */
export function suiteError(json: VitestJson): string | null {
  const broken = json.testResults.find((f) => f.assertionResults.length === 0 && f.message);
  if (broken) return firstLine(broken.message ?? '');
  return json.testResults.length === 0 ? 'no test file ran' : null;
}

/** The family of a test: the describe just inside the backend's (`conformance: <backend>`). */
export function familyName(titles: readonly string[]): string {
  return titles[1] ?? '(top level)';
}

function ratioOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  return v === 'Infinity' ? Infinity : null;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
