// System packages the WebGL backend needs in Node: headless-gl (`gl`) builds from source here (its
// prebuilt download is unreachable), which needs Debian's X/GL development packages, and it needs an
// X display at run time (Xvfb when there is none). Installed before `pnpm install` so the build can
// succeed; without them the rest of the project still installs, builds and tests, and the WebGL
// tests say plainly why they could not run.
import { execFileSync, spawnSync } from 'node:child_process';

/** Debian packages: the headers `gl`'s node-gyp build links against, a compiler, and Xvfb to run it. */
export const GL_BUILD_PACKAGES = [
  'python3',
  'make',
  'g++',
  'pkg-config',
  'libx11-dev',
  'libxext-dev',
  'libxi-dev',
  'libglu1-mesa-dev',
  'libglew-dev',
  'xvfb',
  'xauth',
];

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasCommand(cmd, args = ['--version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** Packages of GL_BUILD_PACKAGES that dpkg does not report as installed (all of them when dpkg is absent). */
export function missingGlPackages() {
  if (!hasCommand('dpkg-query', ['--version'])) return [...GL_BUILD_PACKAGES];
  return GL_BUILD_PACKAGES.filter((p) => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/**
 * Install the missing packages when running as root with apt; otherwise print what to install and
 * carry on (the WebGL backend then reports that it cannot run, everything else works).
 * Never throws: a failed apt run is reported, not fatal.
 */
export function ensureSystemDeps() {
  if (process.platform !== 'linux') return;
  const missing = missingGlPackages();
  if (missing.length === 0) return;
  if (isRoot() && hasCommand('apt-get')) {
    console.log(`> installing the WebGL backend's system packages with apt-get: ${missing.join(' ')}`);
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
        stdio: 'inherit',
        env,
      });
      return;
    } catch (e) {
      console.warn(
        `! apt-get could not install ${missing.join(' ')} (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
  }
  console.warn(
    `! The WebGL backend (@polygrad/backend-webgl) needs these system packages to build headless-gl and run it under Xvfb: ${missing.join(' ')}.\n` +
      `  Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}\n` +
      '  Without them everything else installs and runs; the WebGL backend reports that it cannot start and why.',
  );
}

// `node scripts/system-deps.mjs` runs it on its own.
if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
