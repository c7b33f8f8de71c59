/**
 * Summarise a V8 .cpuprofile (node --cpu-prof): self and inclusive time per
 * function (name + file:line), top N. Usage:
 *   node dist/analyze-profile.js <file.cpuprofile | dir (newest file)> [--top N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
let file = positionals[0] ?? 'profiles';
if (statSync(file).isDirectory()) {
  const dir = file;
  const newest = readdirSync(dir)
    .filter((n) => n.endsWith('.cpuprofile'))
    .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
    .sort((x, y) => y.t - x.t)[0];
  if (!newest) throw new Error(`no .cpuprofile in ${dir}`);
  file = path.join(dir, newest.n);
}
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const key = (cf: CallFrame): string => {
  const name = cf.functionName || '(anonymous)';
  const m = cf.url.match(/(packages|benchmarks|node_modules)\/.*$/);
  const where = cf.url
    ? `${m ? m[0].replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '') : cf.url}:${cf.lineNumber + 1}`
    : '';
  return where ? `${name}  ${where}` : name;
};

const self = new Map<string, number>();
const incl = new Map<string, number>();
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  total += dt;
  let id: number | undefined = prof.samples[i];
  const leaf = byId.get(id)!;
  self.set(key(leaf.callFrame), (self.get(key(leaf.callFrame)) ?? 0) + dt);
  const seen = new Set<string>();
  while (id !== undefined) {
    const k = key(byId.get(id)!.callFrame);
    if (!seen.has(k)) {
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
    id = parent.get(id);
  }
}
const top = Number(opts.top);
const pct = (x: number): string => `${((x / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nSelf time (where the CPU actually was):');
for (const [k, v] of [...self].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
console.log('\nInclusive time (function + everything it called):');
for (const [k, v] of [...incl].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
