#!/usr/bin/env node
/** The `polygrad-conformance` executable. */
import { main } from './run.js';

let code: number;
try {
  code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
  });
} catch (e) {
  process.stderr.write(`polygrad-conformance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  code = 2;
}
// Exit once stdout is flushed: a backend may keep the event loop alive (workers, GL contexts).
process.stdout.write('', () => process.exit(code));
