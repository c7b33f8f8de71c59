/** Node: the TF.js peers of `pnpm bench` (cpu and wasm, from @polygrad/benchmarks), as compare peers. */
import { initPeers, tf, use } from '@polygrad/benchmarks/peers';
import { type PeerSetup, peerId, peerLabel } from '../run/peers.js';

export async function nodePeers(): Promise<PeerSetup> {
  const peers = await initPeers();
  const version = (name: string): string =>
    name === 'tfjs-wasm' ? peers.versions['tfjs-backend-wasm'] : peers.versions['tfjs-backend-cpu'];
  return {
    entries: peers.status.map((s) => ({
      name: peerId(s.name),
      label: peerLabel(s.name),
      available: s.available,
      reason: s.reason,
      version: version(s.name),
      details: s.details,
    })),
    runtimes: peers.available.map((name) => ({
      name: peerId(name),
      label: peerLabel(name),
      tf,
      activate: () => use(name),
    })),
  };
}
