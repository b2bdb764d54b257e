/** The script's own arguments under Node, Bun and Deno. */
export function runtimeArgs(): string[] {
  const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
  return g.Deno ? g.Deno.args : (g.process?.argv.slice(2) ?? []);
}

/** `--name value` pairs; anything else, or a name not in `known`, is an error naming the script. */
export function parseArgs(script: string, argv: string[], known: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.slice(2);
    if (!a.startsWith('--') || !known.includes(name)) {
      throw new Error(`${script}: unexpected argument '${a}' (expected ${known.map((k) => `--${k}`).join(', ')})`);
    }
    parsed[name] = argv[++i] ?? '';
  }
  return parsed;
}
