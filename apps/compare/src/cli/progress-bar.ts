/**
 * The terminal's progress: on a TTY one bar redrawn in place (task lines
 * printed above it); otherwise, for logs, one line per finished task with the
 * overall percentage.
 */
import type { ProgressEvent } from '../run/progress.js';

const WIDTH = 24;
const REDRAW_MS = 80;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export class ProgressBar {
  private last: ProgressEvent | null = null;
  private drawnAt = 0;
  private visible = false;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    readonly tty: boolean = Boolean(process.stdout.isTTY),
  ) {}

  private line(e: ProgressEvent): string {
    const filled = Math.round(e.fraction * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const pct = `${Math.floor(e.fraction * 100)}`.padStart(3);
    const count = e.total > 1 ? ` (${e.done}/${e.total})` : '';
    const text = `[${bar}] ${pct}% ${clock(e.elapsedMs)}  ${e.task}${e.step ? ` · ${e.step}` : ''}${count}`;
    const cols = this.out.columns || 120;
    return text.length > cols - 1 ? `${text.slice(0, cols - 2)}…` : text;
  }

  update(e: ProgressEvent): void {
    this.last = e;
    if (!this.tty) return;
    const now = performance.now();
    if (now - this.drawnAt < REDRAW_MS && e.phase !== 'done') return;
    this.drawnAt = now;
    this.out.write(`\r\x1b[K${this.line(e)}`);
    this.visible = true;
  }

  /** A line above the bar (TTY) or a log line with the percentage (otherwise). */
  log(text: string): void {
    if (this.tty) {
      this.out.write(`\r\x1b[K${text}\n`);
      if (this.last) this.out.write(this.line(this.last));
    } else {
      const pct = this.last ? `${Math.floor(this.last.fraction * 100)}`.padStart(3) : '  0';
      this.out.write(`[${pct}%] ${text}\n`);
    }
  }

  /** Remove the bar (before printing tables). */
  clear(): void {
    if (this.tty && this.visible) this.out.write('\r\x1b[K');
    this.visible = false;
  }
}
