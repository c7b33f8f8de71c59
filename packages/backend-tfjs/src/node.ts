/**
 * @polygrad/backend-tfjs in Node: registers `tfjs-cpu` and `tfjs-wasm` for
 * each of `@tensorflow/tfjs-backend-cpu` / `-wasm` that is installed (they are
 * optional peer dependencies); the package is imported when the backend is
 * first set. tfjs-backend-wasm loads its .wasm from its own package directory.
 * `tfjs-webgl` needs a browser's WebGL and is not registered in Node.
 */
import { createRequire } from 'node:module';
import { TFJS_PROFILES, type TfjsBackendKind } from './profiles.js';
import { registerTfjsBackend } from './register.js';

export * from './api.js';

const require = createRequire(import.meta.url);

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

const LOADERS: Record<'cpu' | 'wasm', () => Promise<unknown>> = {
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
};

for (const kind of ['cpu', 'wasm'] as const satisfies readonly TfjsBackendKind[]) {
  if (installed(TFJS_PROFILES[kind].package)) registerTfjsBackend(kind, { load: LOADERS[kind] });
}
