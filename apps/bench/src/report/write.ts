import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderHtml } from './html.js';
import type { Report } from './types.js';

/** Writes DIR/report.json and DIR/report.html; returns their paths. */
export function writeReport(dir: string, report: Report): { json: string; html: string } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const json = join(out, 'report.json');
  const html = join(out, 'report.html');
  writeFileSync(json, `${reportJson(report)}\n`);
  writeFileSync(html, renderHtml(report));
  return { json, html };
}

/** JSON has no Infinity: a NaN comparison's worst ratio is written as the string "Infinity". */
export function reportJson(report: Report): string {
  return JSON.stringify(report, (_key, v: unknown) => (v === Infinity ? 'Infinity' : v), 2);
}
