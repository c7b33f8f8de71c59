// Removes the package's dist/ before tsc writes it, so a renamed or deleted source file leaves no stale
// output behind to be packed and published. Run from the package directory (its build script).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
