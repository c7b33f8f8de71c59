/** Reading and running things inside the installed scratch project. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from './pnpm.js';
import { runAsync } from './run.js';

/** Every directory under `nodeModules` (nested node_modules included) that holds package `name`. */
export function packageCopies(nodeModules: string, name: string): string[] {
  const found: string[] = [];
  const visit = (nm: string) => {
    if (!existsSync(nm)) return;
    if (existsSync(join(nm, name, 'package.json'))) found.push(join(nm, name));
    for (const entry of readdirSync(nm)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@')
        ? readdirSync(join(nm, entry)).map((s) => join(nm, entry, s))
        : [join(nm, entry)];
      for (const d of dirs) visit(join(d, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

/** Runs `node <args>` in `cwd` and returns the JSON after `POLYGRAD_RESULT `, or throws with the output. */
export async function nodeResult<T>(cwd: string, args: readonly string[], timeoutMs = 120_000): Promise<T> {
  const r = await runAsync(process.execPath, args, { cwd, env: cleanEnv(), timeout: timeoutMs });
  const line = r.stdout.split('\n').find((l) => l.startsWith('POLYGRAD_RESULT '));
  if (r.status !== 0 || !line) {
    throw new Error(`node ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`.trim());
  }
  return JSON.parse(line.slice('POLYGRAD_RESULT '.length)) as T;
}

export interface RegisteredBackend {
  readonly name: string;
  readonly available: boolean;
  readonly reason: string;
}

export interface BackendPackageReport {
  readonly package: string;
  readonly backends: readonly RegisteredBackend[];
}
