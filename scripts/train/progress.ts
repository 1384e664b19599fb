// Progress display: one line per running model (redrawn in place on a terminal, periodic lines otherwise).
import type { Progress } from './record.ts';

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** One progress line: name, epoch, bar, batch, loss terms, elapsed and ETA. */
export function formatProgress(p: Progress, width = 20): string {
  const done = (p.epoch - 1 + p.batch / p.batches) / p.epochs;
  const filled = Math.round(done * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const terms = Object.entries(p.terms)
    .map(([k, v]) => `${k} ${v.toFixed(k === 'crossEntropy' ? 3 : 1)}`)
    .join('  ');
  const eta = done > 0 ? (p.elapsedSec * (1 - done)) / done : NaN;
  return `${p.model.padEnd(15)} epoch ${String(p.epoch).padStart(2)}/${p.epochs} [${bar}] batch ${String(p.batch).padStart(3)}/${p.batches}  ${terms}  ${fmtTime(p.elapsedSec)} ETA ${fmtTime(eta)}`;
}

/** Keeps the latest progress of each running model and renders it. */
export class ProgressBoard {
  private lines = new Map<string, string>();
  private drawn = 0;
  private lastPlain = new Map<string, number>();
  private readonly tty = Boolean(process.stdout.isTTY);

  /** Records a progress report and redraws. */
  update(p: Progress): void {
    const line = formatProgress(p);
    this.lines.set(p.model, line);
    if (this.tty) this.redraw();
    else if (p.batch === p.batches || Date.now() - (this.lastPlain.get(p.model) ?? 0) > 15000) {
      this.lastPlain.set(p.model, Date.now());
      console.log(line);
    }
  }

  /** Prints a message above the live lines. */
  log(msg: string): void {
    if (this.tty) this.clear();
    console.log(msg);
    if (this.tty) this.redraw();
  }

  /** Forgets a finished model's line. */
  remove(model: string): void {
    if (this.tty) this.clear();
    this.lines.delete(model);
    if (this.tty) this.redraw();
  }

  private clear(): void {
    if (this.drawn) process.stdout.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    const cols = process.stdout.columns ?? 160;
    for (const l of this.lines.values()) process.stdout.write(l.slice(0, cols - 1) + '\n');
    this.drawn = this.lines.size;
  }
}
