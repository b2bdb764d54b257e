// The `stride-bench` executable: node|bun|deno dist/cli.js parity|bench|all [options].
import process from 'node:process';
import { main } from './main.js';

const { code } = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
