import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURE_WORKSPACE = fileURLToPath(new URL('./fixtures/workspace/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
