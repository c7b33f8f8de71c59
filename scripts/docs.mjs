// `pnpm run docs`: the TypeDoc API reference of every published package (packages/*, discovered), built from
// the TSDoc of their public entry points (each subpath of each package's `exports`) into docs/api/.
// It fails, writing nothing, on a broken {@link}, on an exported declaration without documentation, and on
// a public signature that refers to a type the package does not export.
//   node scripts/docs.mjs            validate and write docs/api/
//   node scripts/docs.mjs --check    validate only (what npm test runs)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, LogLevel, ReflectionKind } from 'typedoc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const out = join(root, 'docs', 'api');

/** dist/x/y.js (an exports target) -> src/x/y.ts. */
const sourceOf = (dir, target) =>
  join(
    dir,
    target
      .replace(/^\.\/dist\//, 'src/')
      .replace(/\.js$/, '.ts')
      .replace(/\.d\.ts$/, '.ts'),
  );

function importTarget(entry) {
  if (typeof entry === 'string') return entry;
  return entry.import ?? entry.default ?? entry.node ?? null;
}

/** Every published package's public entry points: import specifier -> source file. */
function entryPoints() {
  const entries = [];
  const packages = [];
  for (const d of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const dir = join(root, 'packages', d.name);
    if (!d.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (pkg.private) continue;
    packages.push(pkg.name);
    for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
      const target = importTarget(entry);
      if (!target) continue;
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
      entries.push({ specifier, file: sourceOf(dir, target) });
    }
  }
  return { entries, packages };
}

const { entries, packages } = entryPoints();
// Source links point at the repository named in core's package.json (a clone may have no `origin` remote,
// or one that is not that repository: TypeDoc would warn, and warnings fail the run).
const repository = JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8'))
  .repository.url.replace(/^git\+/, '')
  .replace(/\.git$/, '');
const bySource = new Map(entries.map((e) => [e.file, e.specifier]));

const app = await Application.bootstrapWithPlugins({
  entryPoints: entries.map((e) => e.file),
  entryPointStrategy: 'resolve',
  tsconfig: join(root, 'tsconfig.docs.json'),
  // Imports between packages resolve to their sources, so a type from core used by a backend links to
  // core's page instead of being an undocumented copy from dist/.
  compilerOptions: {
    paths: Object.fromEntries(entries.map((e) => [e.specifier, [e.file]])),
  },
  name: 'Polygrad',
  readme: 'none',
  sourceLinkTemplate: `${repository}/blob/{gitRevision}/{path}#L{line}`,
  out,
  excludePrivate: true,
  excludeInternal: true,
  sort: ['kind', 'alphabetical'],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true },
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Namespace'],
  packagesRequiringDocumentation: packages,
  treatWarningsAsErrors: true,
  logLevel: LogLevel.Warn,
});

const project = await app.convert();
if (!project) {
  console.error('docs: TypeDoc could not convert the packages (see the errors above)');
  process.exit(1);
}
// Name each entry module by its import specifier (@polygrad/core/nn), not by its file path.
for (const mod of project.getChildrenByKind(ReflectionKind.Module)) {
  const file = mod.sources?.[0]?.fullFileName;
  const specifier = file ? bySource.get(file) : undefined;
  if (specifier) mod.name = specifier;
}
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('docs: TypeDoc reported the problems above');
  process.exit(1);
}
const modules = project.getChildrenByKind(ReflectionKind.Module).map((m) => m.name);
if (!check) {
  await app.generateDocs(project, out);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
  console.log(`docs: ${modules.length} entry points documented in ${relative(root, out)}/`);
} else {
  console.log(`docs: ${modules.length} entry points valid: ${modules.join(', ')}`);
}
