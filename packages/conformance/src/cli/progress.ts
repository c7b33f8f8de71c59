/** A progress bar on stderr while the suite runs (a terminal only; CI logs get a line per tenth). */
import type { CaseResult } from '../types.js';

export interface Progress {
  update(result: CaseResult, done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, finish: () => undefined };
  let failed = 0;
  let lastTenth = -1;
  const tty = stream.isTTY === true;
  return {
    update(r, done, total) {
      if (!r.passed) failed++;
      if (tty) {
        const filled = Math.round((done / total) * WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
        const name = r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name;
        const fails = failed > 0 ? `  ${failed} failed` : '';
        stream.write(`\r\x1b[2K${bar} ${done}/${total}${fails}  ${name}`);
      } else {
        const tenth = Math.floor((done / total) * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          stream.write(`${done}/${total} cases${failed > 0 ? `, ${failed} failed` : ''}\n`);
        }
      }
    },
    finish() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
