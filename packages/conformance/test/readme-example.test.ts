/** The README's walkthrough shows the example files verbatim (examples/conformance.test.js runs them in Vitest). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(dir, 'README.md'), 'utf8');
// A block may be marked `js fragment` (not run by the README-example check of tests/publish).
const blocks = [...readme.matchAll(/```js(?: fragment)?\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README example', () => {
  it.each(['my-backend.js', 'conformance.test.js'])('shows examples/%s verbatim', (file) => {
    const source = readFileSync(join(dir, 'examples', file), 'utf8');
    expect(blocks).toContain(source);
  });

  it('the backend is about ten lines', () => {
    const lines = readFileSync(join(dir, 'examples', 'my-backend.js'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
  });

  it('shows the CLI command the scratch-project test runs', () => {
    expect(readme).toContain('npx polygrad-conformance --import ./my-backend.js --backend mine');
  });
});
