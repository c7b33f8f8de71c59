// Runs a command under a virtual X display (Xvfb) when there is none, so the WebGL backend's
// headless-gl can open a context in Node. With a DISPLAY already set, or off Linux, the command
// runs as it is; without xvfb-run it runs as it is too, and the WebGL tests say why they cannot run.
import { spawnSync } from 'node:child_process';

/** Xvfb screen for headless-gl: 24-bit colour, access control off (-ac) so any local client may draw. */
export const XVFB_SERVER_ARGS = '-ac -screen 0 1280x1024x24';

/** The [command, args] that run `cmd args` with an X display available. */
export function withVirtualDisplay(cmd, args) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, not a turbo task
  if (process.platform !== 'linux' || process.env.DISPLAY) return [cmd, args];
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    console.warn(
      '! no X display and no xvfb-run: the WebGL backend cannot open a headless-gl context (install xvfb and xauth).',
    );
    return [cmd, args];
  }
  return ['xvfb-run', ['-a', '-s', XVFB_SERVER_ARGS, cmd, ...args]];
}

// `node scripts/virtual-display.mjs cmd args…` runs one command that way (pnpm bench, pnpm mnist).
if (import.meta.url === `file://${process.argv[1]}` && process.argv.length > 2) {
  const [cmd, args] = withVirtualDisplay(process.argv[2], process.argv.slice(3));
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}
