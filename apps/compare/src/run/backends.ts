/** Import the backend packages found, and list every registered backend with why it can or cannot run. */
import { listBackends } from '@polygrad/core';
import type { BackendEntry, PackageEntry } from './model.js';

/** A backend package to import: found on disk (Node) or by the page's build (Vite). */
export interface BackendModule {
  readonly name: string;
  readonly version: string;
  /** Import it (it registers its backends as a side effect). */
  load(): Promise<unknown>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function registeredNames(): Promise<Set<string>> {
  return new Set((await listBackends()).map((b) => b.name));
}

/**
 * Import each package in turn and note which backend names it registered.
 * A package that fails to import is reported with the error, never dropped.
 */
export async function loadBackendModules(modules: readonly BackendModule[]): Promise<PackageEntry[]> {
  const out: PackageEntry[] = [];
  let before = await registeredNames();
  for (const m of modules) {
    try {
      await m.load();
      const after = await registeredNames();
      out.push({
        name: m.name,
        version: m.version,
        backends: [...after].filter((n) => !before.has(n)).sort(),
        error: null,
      });
      before = after;
    } catch (e) {
      out.push({ name: m.name, version: m.version, backends: [], error: message(e) });
    }
  }
  return out;
}

/** Every registered backend (cpu first, then by priority), its package, and whether `selected` includes it. */
export async function describeBackends(
  packages: readonly PackageEntry[],
  selected: ReadonlySet<string> | null,
): Promise<BackendEntry[]> {
  const owner = new Map<string, string>();
  for (const p of packages) for (const b of p.backends) owner.set(b, p.name);
  const list = await listBackends();
  list.sort((a, b) => (a.name === 'cpu' ? -1 : b.name === 'cpu' ? 1 : 0));
  return list.map((s) => ({
    name: s.name,
    package: owner.get(s.name) ?? null,
    available: s.available,
    reason: s.reason,
    precision: s.precision,
    device: s.device as Record<string, unknown> | null,
    selected: s.available && (selected === null || selected.has(s.name)),
  }));
}
