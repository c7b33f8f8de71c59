/**
 * Code examples in READMEs. Every ```ts / ```js block is an example a user may
 * paste into a project, and is run as a test; a block whose info string says
 * `fragment` (```ts fragment) is a piece of a larger program and is not.
 * A ```text output block right after an example shows what it prints: each of
 * its lines, except `…`, must appear in the output, in that order.
 */
import { readFileSync } from 'node:fs';

export interface ReadmeExample {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  readonly code: string;
  /** Lines the example must print, in order (from a following ```text output block). */
  readonly output: readonly string[];
}

export interface ReadmeBlocks {
  readonly runnable: readonly ReadmeExample[];
  readonly fragments: number;
}

const LANGS: Record<string, 'ts' | 'js'> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
};

export function readmeExamples(file: string): ReadmeBlocks {
  const lines = readFileSync(file, 'utf8').split('\n');
  const runnable: ReadmeExample[] = [];
  let fragments = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)?(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const lang = LANGS[open[1] ?? ''];
    if (!lang) continue;
    if (/\bfragment\b/.test(open[2])) {
      fragments++;
      continue;
    }
    let next = i + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    const output: string[] = [];
    if (/^```text\s+output\s*$/.test(lines[next] ?? '')) {
      for (next++; next < lines.length && !/^```\s*$/.test(lines[next]); next++) {
        if (lines[next].trim() !== '' && lines[next].trim() !== '…') output.push(lines[next].trim());
      }
    }
    runnable.push({ line: start + 1, lang, code: `${body.join('\n')}\n`, output });
  }
  return { runnable, fragments };
}

/** The text under a `## heading` (up to the next `## `), or null. */
export function section(markdown: string, heading: string): string | null {
  const start = markdown.split('\n').findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return null;
  const rest = markdown.split('\n').slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}
