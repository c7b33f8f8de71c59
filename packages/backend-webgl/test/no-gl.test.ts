/**
 * Without a GL context the backend must refuse to start and say why — never
 * fall back to gpu.js's CPU or WebAssembly modes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BackendError, listBackends, registerBackend, removeBackend, setBackend } from '@polygrad/core';
import { describe, expect, it } from 'vitest';
import { createWebGLBackend } from '../src/node.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describe('no GL context', () => {
  it('a mode this process has no context for (WebGL2 in Node): setBackend throws, listBackends says why', async () => {
    registerBackend('webgl-no-context', () => createWebGLBackend({ mode: 'webgl2' }));
    try {
      const err = await setBackend('webgl-no-context').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BackendError);
      expect(String(err)).toMatch(/no WEBGL2 context/);
      const status = (await listBackends()).find((b) => b.name === 'webgl-no-context');
      expect(status?.available).toBe(false);
      expect(status?.reason).toMatch(/no WEBGL2 context/);
    } finally {
      removeBackend('webgl-no-context');
    }
  });

  it.runIf(process.platform === 'linux' && existsSync(`${pkgDir}/dist/node.js`))(
    'a Node process without DISPLAY: setBackend("webgl") fails naming the missing display',
    () => {
      const script = `
        import { listBackends, setBackend } from '@polygrad/core';
        import '@polygrad/backend-webgl';
        let error = '';
        try { await setBackend('webgl'); } catch (e) { error = String(e.message); }
        const status = (await listBackends()).find((b) => b.name === 'webgl');
        console.log(JSON.stringify({ error, available: status.available, reason: status.reason }));`;
      const env = { ...process.env };
      delete env.DISPLAY;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: pkgDir,
        env,
        encoding: 'utf8',
      });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        error: string;
        available: boolean;
        reason: string;
      };
      expect(r.available).toBe(false);
      expect(r.error).toMatch(
        /failed to initialise: no headless-gl context \(no X display \(DISPLAY is unset\)/,
      );
      expect(r.reason).toMatch(/xvfb-run/);
    },
  );
});
