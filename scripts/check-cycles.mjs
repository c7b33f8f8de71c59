// Fails on import cycles among the workspace's source files, except the ones listed below as
// inherent. Type-only imports are erased at build time and do not count. Run by `npm test`;
// `node scripts/check-cycles.mjs` prints every cycle found.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Imports that close a cycle by design, left out of the graph before cycles are looked for: the
 * Tensor class defines its chainable methods (x.add(y), loss.backward()) on the class itself,
 * delegating to the op functions, so that bundlers keep them (methods patched onto the prototype
 * by a side-effect import are dropped by tree-shaking); and the ops construct Tensors.
 */
const ALLOWED_EDGES = [
  ['packages/core/src/tensor.ts', 'packages/core/src/ops/index.ts'],
  ['packages/core/src/tensor.ts', 'packages/core/src/autograd/backward.ts'],
];

/**
 * Strongly connected components that remain allowed, each with why the cycle is inherent. A
 * component must match one of these exactly: a file joining or leaving it is an error to look at.
 */
const ALLOWED = [
  {
    why:
      'Gradients are written with ops: elementwise binary VJPs use unary ops (d(a - b)/db = -dy, ' +
      'd(a^b)/db = dy·a^b·log a) and unary VJPs use binary ops (d(exp x) = dy·exp x, d(log x) = dy / x).',
    files: ['packages/core/src/ops/binary.ts', 'packages/core/src/ops/unary.ts'],
  },
];

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function workspaceSourceDirs() {
  const dirs = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      try {
        if (statSync(src).isDirectory()) dirs.push(src);
      } catch {
        // a package without src/
      }
    }
  }
  return dirs;
}

/** Relative imports of `file` that survive compilation (type-only ones are erased). */
function runtimeImports(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const targets = [];
  for (const node of source.statements) {
    let spec;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const allTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (allTypes) continue;
      spec = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      if (node.isTypeOnly) continue;
      const clause = node.exportClause;
      if (
        clause &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((e) => e.isTypeOnly)
      )
        continue;
      spec = node.moduleSpecifier;
    } else continue;
    const text = spec.text;
    if (!text.startsWith('.')) continue;
    targets.push(resolve(dirname(file), text.replace(/\.js$/, '.ts')));
  }
  return targets;
}

/** Tarjan's strongly connected components (iterative). */
function components(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i];
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        const selfLoop = (graph.get(v) ?? []).includes(v);
        if (comp.length > 1 || selfLoop) out.push(comp);
      }
    }
  }
  return out;
}

const graph = new Map();
const skipped = new Set(ALLOWED_EDGES.map(([from, to]) => `${join(root, from)} -> ${join(root, to)}`));
for (const dir of workspaceSourceDirs()) {
  for (const file of sourceFiles(dir)) {
    graph.set(
      file,
      runtimeImports(file).filter((to) => !skipped.has(`${file} -> ${to}`)),
    );
  }
}
const missingEdges = ALLOWED_EDGES.filter(
  ([from, to]) => !runtimeImports(join(root, from)).includes(join(root, to)),
);
if (missingEdges.length > 0) {
  console.error('check-cycles: an allowed import no longer exists; remove it from ALLOWED_EDGES:');
  for (const [from, to] of missingEdges) console.error(`  ${from} -> ${to}`);
  process.exit(1);
}
const found = components(graph).map((c) => c.map((f) => relative(root, f)).sort());
const key = (files) => files.join('\n');
const allowed = new Set(ALLOWED.map((a) => key([...a.files].sort())));
const unexpected = found.filter((c) => !allowed.has(key(c)));
const verbose = process.argv.includes('--verbose');
if (verbose || unexpected.length > 0) {
  for (const c of found) {
    console.log(`${allowed.has(key(c)) ? 'allowed' : 'UNEXPECTED'} cycle of ${c.length} files:`);
    for (const f of c) console.log(`  ${f}`);
  }
}
if (unexpected.length > 0) {
  console.error(
    `check-cycles: ${unexpected.length} import cycle(s) not in the allowed list of scripts/check-cycles.mjs; ` +
      'break them (move the shared helper into its own file) or, if inherent, list them there with the reason',
  );
  process.exit(1);
}
const gone = ALLOWED.filter((a) => !found.some((c) => key(c) === key([...a.files].sort())));
if (gone.length > 0) {
  console.error('check-cycles: an allowed cycle no longer exists; remove it from the list:');
  for (const a of gone) console.error(`  ${a.files.join(', ')}`);
  process.exit(1);
}
console.log(`check-cycles: ${graph.size} files, ${found.length} allowed cycle(s), no new ones`);
