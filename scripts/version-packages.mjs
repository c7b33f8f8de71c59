// `pnpm version-packages`: `changeset version` (new versions from .changeset/*.md, CHANGELOG.md entries),
// with the peer dependencies on other @polygrad packages hidden from it while it runs.
//
// Why: changesets bumps a package to the next *major* whenever a peer dependency of it gets a minor bump
// (and the `fixed` group then takes every package there), so the first minor release of core would turn
// 0.1.0 into 1.0.0 everywhere. The peer ranges are `workspace:^`, which pnpm writes as `^<version>` of the
// release when it packs, and the `fixed` group releases every package together at one version, so a
// backend's published peer range always names the core released with it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const changesetBin = createRequire(join(root, 'package.json')).resolve('@changesets/cli/bin.js');

const manifests = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, 'packages', d.name, 'package.json'));

/** Each manifest that has @polygrad peers: its original key order and those peers. */
const hidden = [];
for (const file of manifests) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  const peers = Object.entries(pkg.peerDependencies ?? {}).filter(([name]) => name.startsWith('@polygrad/'));
  if (peers.length === 0) continue;
  hidden.push({ file, keys: Object.keys(pkg), peers: pkg.peerDependencies });
  const rest = Object.fromEntries(
    Object.entries(pkg.peerDependencies).filter(([name]) => !name.startsWith('@polygrad/')),
  );
  if (Object.keys(rest).length > 0) pkg.peerDependencies = rest;
  else delete pkg.peerDependencies;
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

let status = 1;
try {
  const r = spawnSync(process.execPath, [changesetBin, 'version', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  status = r.status ?? 1;
} finally {
  for (const { file, keys, peers } of hidden) {
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const restored = {};
    for (const k of keys) {
      if (k === 'peerDependencies') {
        restored[k] = Object.fromEntries(
          Object.entries(peers).map(([n, v]) => [n, pkg.peerDependencies?.[n] ?? v]),
        );
      } else if (k in pkg) restored[k] = pkg[k];
    }
    for (const k of Object.keys(pkg)) if (!(k in restored)) restored[k] = pkg[k];
    writeFileSync(file, `${JSON.stringify(restored, null, 2)}\n`);
  }
}
process.exit(status);
