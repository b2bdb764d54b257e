import { parseArgs as parseCommandLine } from 'node:util';

/** The script's own arguments under Node, Bun and Deno. */
export function runtimeArgs(): string[] {
  const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
  return g.Deno ? g.Deno.args : (g.process?.argv.slice(2) ?? []);
}

/** `--name value` options through node:util's parseArgs; an unknown one, or a stray word, is an error naming the script. */
export function parseArgs(script: string, argv: string[], known: readonly string[]): Record<string, string> {
  const options = Object.fromEntries(known.map((name) => [name, { type: 'string' as const }]));
  try {
    return parseCommandLine({ args: argv, options, strict: true, allowPositionals: false }).values as Record<string, string>;
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new Error(`${script}: ${reason} (expected ${known.map((k) => `--${k}`).join(', ')})`);
  }
}
