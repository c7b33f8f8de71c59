/** The packed tarballs, shared by every test file of this project (made once by setup/pack.ts). */
import { inject } from 'vitest';

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  /** The workspace directory it was packed from. */
  readonly dir: string;
  /** Directory relative to the repository root (`packages/core`). */
  readonly rel: string;
  /** The .tgz file `pnpm pack` wrote. */
  readonly tarball: string;
  /** The tarball unpacked: the `package/` directory a registry would serve. */
  readonly unpacked: string;
}

export interface PackedSet {
  /** A scratch directory outside the workspace, removed after the run. */
  readonly tmp: string;
  readonly packages: readonly PackedPackage[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedSet;
  }
}

export function packed(): PackedSet {
  return inject('packed');
}
