// `pnpm coverage`: regenerate the kernel × backend coverage matrix between the markers of each backend
// package's README (its own backends) and of the conformance README (every backend). `--check` changes
// nothing and exits 1 when a README is not current. Runs the built packages: `pnpm coverage` builds first.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './pnpm.mjs';

const dist = join(root, 'packages', 'conformance', 'dist');
const { findBackendPackages, registeredByPackage } = await import(
  pathToFileURL(join(dist, 'node', 'backend-packages.js')).href
);
const { main } = await import(pathToFileURL(join(dist, 'cli', 'run.js')).href);

const check = process.argv.includes('--check');
const io = { stdout: process.stdout, stderr: process.stderr, cwd: root };
const found = await registeredByPackage(findBackendPackages(root), 'entry');
const jobs = found.map(({ pkg, backends }) => ({ entry: pkg.entry, readme: pkg.readme, backends }));
jobs.push({
  entry: found[0].pkg.entry,
  readme: join(root, 'packages', 'conformance', 'README.md'),
  backends: found.flatMap((f) => f.backends).sort(),
});
let status = 0;
for (const j of jobs) {
  if (j.backends.length === 0) {
    console.error(`${j.readme}: its package registered no backend in Node; skipped`);
    continue;
  }
  const args = ['coverage', '--import', j.entry, '--backend', j.backends.join(','), '--readme', j.readme];
  status = Math.max(status, await main(check ? [...args, '--check'] : args, io));
}
process.exit(status);
