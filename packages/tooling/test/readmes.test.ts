import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A package's README is what npm and JSR show and ship: the reader has installed the package and
// has none of the repository. So it opens with install lines that name every peer, every fence
// says its language (the README-blocks test runs js and ts blocks), and it cites no file of the
// repository except through a URL. What only contributors need lives in DEVELOPING.md, which is
// not published; the README's last line links to it on GitHub.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const GITHUB = 'https://github.com/stride-cnn/stride/blob/main/';

interface Manifest {
  name: string;
  private?: boolean;
  files?: string[];
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Published {
  dir: string;
  manifest: Manifest;
  readme: string;
}

function publishedPackages(): Published[] {
  return readdirSync(join(root, 'packages'))
    .map((name) => join('packages', name))
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => manifest.private !== true)
    .map((p) => ({ ...p, readme: readFileSync(join(root, p.dir, 'README.md'), 'utf8') }));
}

interface Fence {
  line: number;
  indent: string;
  marker: string;
  language: string;
  body: string[];
}

/** Every fenced block, and a problem for each fence that cannot be read as one. */
function fencesOf(text: string): { fences: Fence[]; problems: string[] } {
  const lines = text.split('\n');
  const fences: Fence[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', marker = '```', language = ''] = open;
    const fence: Fence = { line: i + 1, indent, marker, language, body: [] };
    while (++i < lines.length && !lines[i]!.trimStart().startsWith(marker)) fence.body.push(lines[i]!);
    if (i >= lines.length) problems.push(`line ${fence.line}: the fence is never closed`);
    fences.push(fence);
  }
  return { fences, problems };
}

const COMMANDS = [
  { runtime: 'npm', label: 'npm install', prefix: /^npm (?:install|i|add)\s/ },
  { runtime: 'bun', label: 'bun add', prefix: /^bun add\s/ },
  { runtime: 'deno', label: 'deno add', prefix: /^deno add\s/ },
] as const;

/** The package names that a command's install lines name (every such line of the block), and where the first is. */
function installed(block: string[], prefix: RegExp): { names: Set<string>; at: number } | null {
  const lines = block.map((l) => l.replace(/#.*/, '').trim());
  const at = lines.findIndex((l) => prefix.test(l));
  if (at < 0) return null;
  const tokens = lines.filter((l) => prefix.test(l)).flatMap((l) => l.split(/\s+/).slice(2));
  // `name@range` names `name`; a scoped name's own @ comes first.
  return { names: new Set(tokens.filter((t) => !t.startsWith('-')).map((t) => t.replace(/(?<=.)@[^/]*$/, ''))), at };
}

function installProblems({ manifest, readme }: Published): string[] {
  const first = fencesOf(readme).fences[0];
  if (first?.language !== 'sh') return ['the first fenced block is not a ```sh block of install lines'];
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const optional = (peer: string) => manifest.peerDependenciesMeta?.[peer]?.optional === true;
  const problems: string[] = [];
  const positions: number[] = [];
  for (const { runtime, label, prefix } of COMMANDS) {
    const found = installed(first.body, prefix);
    if (!found) {
      problems.push(`line ${first.line}: the install block has no \`${label}\` line`);
      continue;
    }
    positions.push(found.at);
    // Deno takes JSR names and has navigator.gpu: it needs the package and its required peers only.
    const wanted = [manifest.name, ...peers.filter((peer) => runtime !== 'deno' || !optional(peer))];
    for (const name of wanted) {
      const spelled = runtime !== 'deno' ? name : name.startsWith('@stride/') ? `jsr:${name}` : `npm:${name}`;
      if (!found.names.has(spelled)) problems.push(`line ${first.line}: \`${label}\` does not name ${spelled}`);
    }
  }
  if (positions.some((at, i) => i > 0 && at < positions[i - 1]!))
    problems.push(`line ${first.line}: install lines are not in the order npm, bun, deno`);
  return problems;
}

function fenceProblems({ readme }: Published): string[] {
  const { fences, problems } = fencesOf(readme);
  for (const fence of fences) {
    if (!fence.language) problems.push(`line ${fence.line}: a fence without a language (sh, js, ts, text, …)`);
    // The README-blocks test runs the blocks whose ``` fence starts its line: others would never run.
    if (fence.indent) problems.push(`line ${fence.line}: an indented fence (start it at the beginning of the line)`);
    if (fence.marker.startsWith('~')) problems.push(`line ${fence.line}: a ~~~ fence (use \`\`\`)`);
  }
  return problems;
}

// A path into the repository, or a repository document, that a user of the package does not have.
const REPO_PATH =
  /(?<![\w.@-])(?:src|tests?|scripts|packages|apps|fixtures)\/|\.\.\/|(?<![\w-])(?:API|DESIGN|STYLE|ARCHITECTURE|CONTRIBUTING)\.md\b/;

function repoPathProblems({ readme }: Published): string[] {
  const problems: string[] = [];
  readme.split('\n').forEach((line, i) => {
    // A link to an absolute URL, link text included, and a bare URL are fine; a relative link is not.
    const outsideUrls = line.replace(/\[[^\]]*\]\(https?:\/\/[^)\s]*\)/g, ' ').replace(/https?:\/\/\S+/g, ' ');
    const relativeLink = /\]\((?!https?:\/\/|#)([^)]*)\)/.exec(outsideUrls);
    if (relativeLink) problems.push(`line ${i + 1}: a relative link (${relativeLink[1]}): use the package's npm name or a GitHub URL`);
    const path = REPO_PATH.exec(outsideUrls);
    if (path) problems.push(`line ${i + 1}: a repository path (${path[0]}…) outside a URL: ${line.trim().slice(0, 100)}`);
  });
  return problems;
}

function developingProblems({ dir, manifest, readme }: Published): string[] {
  const url = `${GITHUB}${dir}/DEVELOPING.md`;
  const problems: string[] = [];
  if (!existsSync(join(root, dir, 'DEVELOPING.md'))) problems.push(`${dir}/DEVELOPING.md does not exist`);
  const last = readme.trimEnd().split('\n').pop() ?? '';
  if (!last.includes(`(${url})`)) problems.push(`the last line does not link to ${url}`);
  if ((manifest.files ?? []).some((f) => f.includes('DEVELOPING'))) problems.push('package.json "files" publishes DEVELOPING.md');
  return problems;
}

const packages = publishedPackages();

describe('published READMEs', () => {
  it('are found: every public package has one', () => {
    expect(packages.map((p) => p.manifest.name)).toContain('@stride/core-tensor');
  });

  for (const pkg of packages) {
    describe(`${pkg.dir}/README.md`, () => {
      it('opens with npm, bun and deno install lines naming the package and its peers', () => {
        expect(installProblems(pkg)).toEqual([]);
      });
      it('gives every fenced block a language', () => {
        expect(fenceProblems(pkg)).toEqual([]);
      });
      it('cites no repository path outside a URL', () => {
        expect(repoPathProblems(pkg)).toEqual([]);
      });
      it('ends by linking to its unpublished DEVELOPING.md on GitHub', () => {
        expect(developingProblems(pkg)).toEqual([]);
      });
    });
  }
});
