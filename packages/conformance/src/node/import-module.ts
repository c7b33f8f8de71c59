/** Import what the user named on the command line: a file relative to their directory, or a package. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function notFound(e: unknown, spec: string): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'ERR_MODULE_NOT_FOUND' && (err.message ?? '').includes(`'${spec}'`);
}

/**
 * A path (`./my-backend.js`, `/abs/x.js`, or an existing file) is imported
 * from `cwd`; a package name from where this tool is installed, else from `cwd`'s
 * node_modules. The module must register its backend with the same
 * `@polygrad/core` this tool uses (one copy in the project's node_modules).
 */
export async function importModule(spec: string, cwd: string): Promise<unknown> {
  const path = resolve(cwd, spec);
  if (spec.startsWith('.') || isAbsolute(spec) || existsSync(path)) {
    if (!existsSync(path)) throw new Error(`no file ${path}`);
    return import(pathToFileURL(path).href);
  }
  try {
    return await import(spec);
  } catch (e) {
    if (!notFound(e, spec)) throw e;
  }
  let resolved: string;
  try {
    resolved = createRequire(join(cwd, 'noop.js')).resolve(spec);
  } catch {
    throw new Error(`cannot find package '${spec}' from ${cwd} (is it installed?)`);
  }
  return import(pathToFileURL(resolved).href);
}
