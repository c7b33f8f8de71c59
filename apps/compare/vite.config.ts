import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { comparePageConfig } from './src/vite/plugin.js';

// The compare page: `pnpm --filter @polygrad/compare dev`, or `build:web` then `preview`.
export default defineConfig(comparePageConfig({ appDir: fileURLToPath(new URL('.', import.meta.url)) }));
