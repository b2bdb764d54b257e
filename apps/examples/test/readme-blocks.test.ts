import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every JavaScript and TypeScript block of every README runs, as a user would paste it: JS
// blocks under Node, Bun and Deno, TS blocks under Bun and Deno, each importing the packages by
// name (their built dist/). An example can then never rot. Shell blocks are commands, not run here.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = fileURLToPath(new URL('../.readme-blocks/', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const RUNNERS = {
  js: [
    ['node', [process.execPath]],
    ['bun', [bin('bun')]],
    ['deno', [bin('deno'), 'run', '-A', '--no-lock']],
  ],
  ts: [
    ['bun', [bin('bun')]],
    ['deno', [bin('deno'), 'run', '-A', '--no-lock']],
  ],
} as const;
const LANGUAGES: Record<string, keyof typeof RUNNERS> = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts' };

interface Block {
  readme: string;
  line: number;
  kind: keyof typeof RUNNERS;
  code: string;
}

function readmes(): string[] {
  const dirs = ['packages', 'apps'].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p)));
  return [join(root, 'README.md'), ...dirs.map((d) => join(d, 'README.md'))].filter((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
}

function blocksOf(readme: string): Block[] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
    const kind = LANGUAGES[open[1]!];
    if (kind) blocks.push({ readme: relative(root, readme), line: start + 1, kind, code: body.join('\n') });
  }
  return blocks;
}

mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README code blocks run as written', () => {
  for (const readme of readmes()) {
    const blocks = blocksOf(readme);
    if (blocks.length === 0) continue;
    describe(relative(root, readme), () => {
      for (const block of blocks) {
        for (const [runtime, command] of RUNNERS[block.kind]) {
          it(`the ${block.kind} block at line ${block.line} runs under ${runtime}`, () => {
            const file = join(scratch, `${block.readme.replace(/[/.]/g, '_')}_${block.line}.${block.kind === 'ts' ? 'ts' : 'mjs'}`);
            writeFileSync(file, `${block.code}\n`);
            const [exe, ...args] = command;
            const run = spawnSync(exe, [...args, file], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
            expect(run.status, `${block.readme}:${block.line} under ${runtime}\n${run.stdout}\n${run.stderr}`).toBe(0);
          }, 150_000);
        }
      }
    });
  }
});
