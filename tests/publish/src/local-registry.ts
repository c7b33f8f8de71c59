/**
 * An npm registry on 127.0.0.1, so the install check runs offline and gets
 * exactly the third-party versions the workspace was tested with, and the
 * release rehearsal has somewhere to publish:
 *
 * - `@polygrad/*` names serve the packed tarballs given (what `changeset publish` would upload);
 * - every other name serves the versions pnpm installed in `node_modules/.pnpm`,
 *   each tarred on request from its installed directory (native add-ons already built);
 * - with `acceptPublish`, `npm publish` (PUT) works for a request bearing the token,
 *   and the published versions are then served like the others.
 *
 * Anything else is a 404, which npm reports naming the package.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { PackedPackage } from './packed.js';
import type { PackageJson } from './workspace.js';

interface Served {
  readonly manifest: PackageJson & Record<string, unknown>;
  /** A packed tarball, published bytes, or a directory to tar on request. */
  readonly source: { tarball: string } | { bytes: Buffer } | { dir: string };
}

export interface PublishedVersion {
  readonly manifest: PackageJson & Record<string, unknown>;
  readonly tarball: Buffer;
  /** The `access` the publisher asked for (`public` for a scoped package that is meant to be public). */
  readonly access: string | null;
  readonly distTags: Readonly<Record<string, string>>;
}

export interface LocalRegistry {
  readonly url: string;
  /** name@version of every tarball npm downloaded. */
  readonly downloaded: ReadonlySet<string>;
  /** name@version -> what was published (with acceptPublish). */
  readonly published: ReadonlyMap<string, PublishedVersion>;
  close(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** Accept `npm publish` from a client with this token (`//host:port/:_authToken=<token>`). */
  readonly acceptPublish?: { readonly token: string };
}

/** What `npm publish` sends: the packument of the new version, its tarball base64-encoded. */
interface PublishBody {
  name: string;
  access?: string | null;
  'dist-tags'?: Record<string, string>;
  versions: Record<string, PackageJson & Record<string, unknown>>;
  _attachments: Record<string, { data: string }>;
}

/** The packages pnpm installed: node_modules/.pnpm/<id>/node_modules/<name> (real directories, not links). */
function pnpmInstalled(root: string): Map<string, Map<string, string>> {
  const byName = new Map<string, Map<string, string>>();
  const store = join(root, 'node_modules', '.pnpm');
  for (const id of readdirSync(store)) {
    const nm = join(store, id, 'node_modules');
    if (!existsSync(nm)) continue;
    const candidates = readdirSync(nm).flatMap((n) =>
      n.startsWith('@') ? readdirSync(join(nm, n)).map((s) => `${n}/${s}`) : [n],
    );
    for (const name of candidates) {
      const dir = join(nm, name);
      if (lstatSync(dir).isSymbolicLink() || !existsSync(join(dir, 'package.json'))) continue;
      const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (m.name !== name || !m.version) continue;
      if (!byName.has(name)) byName.set(name, new Map());
      byName.get(name)?.set(m.version, dir);
    }
  }
  return byName;
}

/**
 * A tarball of `dir` with the `package/` prefix npm expects; hard links stored as files. Not gzipped
 * (npm reads plain tar too): some installed packages are tens of MB, and this is all local.
 */
function tarDirectory(dir: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tar = spawn(
      'tar',
      [
        '-cf',
        '-',
        '--hard-dereference',
        '--owner=0',
        '--group=0',
        '--transform',
        's,^\\.,package,',
        '-C',
        dir,
        '.',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    let err = '';
    tar.stdout.on('data', (c: Buffer) => chunks.push(c));
    tar.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    tar.on('error', reject);
    tar.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`tar of ${dir} failed: ${err}`)),
    );
  });
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

export async function startLocalRegistry(
  root: string,
  packed: readonly PackedPackage[],
  options: LocalRegistryOptions = {},
): Promise<LocalRegistry> {
  const installed = pnpmInstalled(root);
  const ours = new Map(packed.map((p) => [p.name, p]));
  const tarCache = new Map<string, Promise<Buffer>>();
  const downloaded = new Set<string>();
  const published = new Map<string, PublishedVersion>();
  let url = '';

  const versionsOf = (name: string): Map<string, Served> => {
    const out = new Map<string, Served>();
    for (const [key, v] of published) {
      if (key.slice(0, key.lastIndexOf('@')) === name) {
        out.set(v.manifest.version, { manifest: v.manifest, source: { bytes: v.tarball } });
      }
    }
    if (out.size > 0) return out;
    const p = ours.get(name);
    if (p) {
      const manifest = JSON.parse(readFileSync(join(p.unpacked, 'package.json'), 'utf8'));
      out.set(p.version, { manifest, source: { tarball: p.tarball } });
      return out;
    }
    for (const [version, dir] of installed.get(name) ?? []) {
      out.set(version, {
        manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')),
        source: { dir },
      });
    }
    return out;
  };

  const tarballOf = (name: string, version: string): Promise<Buffer> | null => {
    const key = `${name}@${version}`;
    const served = versionsOf(name).get(version);
    if (!served) return null;
    if (!tarCache.has(key)) {
      const src = served.source;
      tarCache.set(
        key,
        'tarball' in src
          ? Promise.resolve(readFileSync(src.tarball))
          : 'bytes' in src
            ? Promise.resolve(src.bytes)
            : tarDirectory(src.dir),
      );
    }
    return tarCache.get(key) ?? null;
  };

  const packument = (name: string) => {
    const versions = versionsOf(name);
    if (versions.size === 0) return null;
    const entries = [...versions].sort(([a], [b]) => compareVersions(a, b));
    const latest = entries[entries.length - 1][0];
    return {
      name,
      'dist-tags': { latest },
      versions: Object.fromEntries(
        entries.map(([version, s]) => {
          const { scripts: _scripts, devDependencies: _dev, ...manifest } = s.manifest;
          const bytes =
            'tarball' in s.source
              ? readFileSync(s.source.tarball)
              : 'bytes' in s.source
                ? s.source.bytes
                : null;
          const integrity = bytes
            ? `sha512-${createHash('sha512').update(bytes).digest('base64')}`
            : undefined;
          const tarball = `${url}/-/tarballs/${encodeURIComponent(name)}/${version}.tgz`;
          return [
            version,
            { ...manifest, name, version, dist: { tarball, ...(integrity ? { integrity } : {}) } },
          ];
        }),
      ),
    };
  };

  const publish = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    const token = options.acceptPublish?.token;
    if (!token) return send(res, 405, { error: 'this registry is read-only' });
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { error: 'bad or missing token' });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PublishBody;
    if (body.name !== name) return send(res, 400, { error: `body names ${body.name}, the URL ${name}` });
    for (const [version, manifest] of Object.entries(body.versions)) {
      const key = `${name}@${version}`;
      if (published.has(key)) {
        return send(res, 403, { error: `cannot publish over the previously published versions: ${version}` });
      }
      const attachment = Object.values(body._attachments)[0];
      published.set(key, {
        manifest,
        tarball: Buffer.from(attachment.data, 'base64'),
        access: body.access ?? null,
        distTags: body['dist-tags'] ?? {},
      });
    }
    send(res, 201, { ok: true });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method === 'PUT') return publish(req, res, path.slice(1));
    // `npm profile get`, which changesets asks before publishing: no two-factor auth here.
    if (path === '/-/npm/v1/user') return send(res, 200, { name: 'polygrad-release-rehearsal', tfa: null });
    const tar = /^\/-\/tarballs\/(.+)\/([^/]+)\.tgz$/.exec(path);
    if (tar) {
      const body = tarballOf(tar[1], tar[2]);
      if (!body) return notFound(res, path);
      downloaded.add(`${tar[1]}@${tar[2]}`);
      const bytes = await body;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    const doc = packument(path.slice(1));
    if (!doc) return notFound(res, path);
    send(res, 200, doc);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    downloaded,
    published,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse, path: string): void {
  send(res, 404, { error: `not found in the local registry: ${path}` });
}
