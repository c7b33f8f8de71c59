// A real Chromium for browser tests: found on this machine, or installed from Debian's packages
// (root + apt), or named by POLYGRAD_CHROMIUM. Test tools' own browser downloads fail here, so
// nothing is downloaded by Playwright; playwright-core only drives the browser we found.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Flags that work on a machine without a GPU or network (see GPUJS-NOTES.md): WebGL2 on SwiftShader. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

/** Path of a Chromium binary, or null. POLYGRAD_CHROMIUM wins when set. */
export function findChromium() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the one documented way to name a browser
  const named = process.env.POLYGRAD_CHROMIUM;
  if (named) {
    if (!existsSync(named))
      throw new Error(`POLYGRAD_CHROMIUM=${named} does not exist; expected the path of a Chromium binary`);
    return named;
  }
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasApt() {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Find Chromium, installing Debian's `chromium` package when missing and we are root with apt.
 * Throws with what to do otherwise. Returns the binary's path.
 */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (isRoot() && hasApt()) {
    console.log('> installing Chromium from Debian packages (apt-get install chromium, about a minute)');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const now = findChromium();
    if (now) return now;
  }
  throw new Error(
    'browser tests need Chromium: none found at ' +
      CANDIDATES.join(', ') +
      '. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set POLYGRAD_CHROMIUM to a Chromium/Chrome binary.',
  );
}

/** Launch headless Chromium with playwright-core (a devDependency of the workspace root). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
}
