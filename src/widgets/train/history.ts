// The loss history of a run in bounded memory: per-step values averaged into buckets whose width doubles when full.

/** One bucket: the mean reconstruction term (D) and KL (R) over steps [from, to). */
export interface Bucket {
  from: number;
  to: number;
  recon: number;
  kl: number;
}

/** A series of at most `capacity` buckets covering every step so far; memory stays flat however long the run. */
export class LossHistory {
  readonly buckets: Bucket[] = [];
  /** Steps per bucket (a power of two). */
  width = 1;
  private open: { from: number; n: number; recon: number; kl: number } | null = null;

  readonly capacity: number;

  constructor(capacity = 400) {
    this.capacity = capacity;
    if (capacity < 2 || capacity % 2) throw new Error('capacity must be an even number ≥ 2');
  }

  /** Steps recorded so far. */
  get steps(): number {
    return (this.buckets[this.buckets.length - 1]?.to ?? 0) + (this.open?.n ?? 0);
  }

  /** Adds the values of the next step. */
  push(recon: number, kl: number): void {
    const o = (this.open ??= { from: this.steps, n: 0, recon: 0, kl: 0 });
    o.n++;
    o.recon += recon;
    o.kl += kl;
    if (o.n < this.width) return;
    this.buckets.push({ from: o.from, to: o.from + o.n, recon: o.recon / o.n, kl: o.kl / o.n });
    this.open = null;
    if (this.buckets.length >= this.capacity) this.halve();
  }

  /** Every bucket, plus the partly filled one (so the newest steps show at once). */
  points(): Bucket[] {
    const o = this.open;
    return o ? [...this.buckets, { from: o.from, to: o.from + o.n, recon: o.recon / o.n, kl: o.kl / o.n }] : this.buckets.slice();
  }

  /** Forgets everything. */
  clear(): void {
    this.buckets.length = 0;
    this.open = null;
    this.width = 1;
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i + 1 < this.buckets.length; i += 2) {
      const a = this.buckets[i]!;
      const b = this.buckets[i + 1]!;
      const na = a.to - a.from;
      const nb = b.to - b.from;
      merged.push({ from: a.from, to: b.to, recon: (a.recon * na + b.recon * nb) / (na + nb), kl: (a.kl * na + b.kl * nb) / (na + nb) });
    }
    this.buckets.splice(0, this.buckets.length, ...merged);
    this.width *= 2;
  }
}

/** Step-weighted moving average of the last `steps` steps at each bucket (a smooth line through noisy minibatch values). */
export function smooth(points: Bucket[], steps: number): Bucket[] {
  const out: Bucket[] = [];
  let lo = 0;
  let n = 0;
  let r = 0;
  let k = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const w = p.to - p.from;
    n += w;
    r += p.recon * w;
    k += p.kl * w;
    while (lo < i && n - (points[lo]!.to - points[lo]!.from) >= steps) {
      const q = points[lo]!;
      const wq = q.to - q.from;
      n -= wq;
      r -= q.recon * wq;
      k -= q.kl * wq;
      lo++;
    }
    out.push({ from: points[lo]!.from, to: p.to, recon: r / n, kl: k / n });
  }
  return out;
}

/** Steps per second over a sliding window of recent (time, steps done) samples. */
export class RateMeter {
  private samples: [number, number][] = [];
  private readonly windowMs: number;

  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
  }

  /** Records that `steps` steps were done by time `now` (ms). */
  add(now: number, steps: number): void {
    this.samples.push([now, steps]);
    while (this.samples.length > 2 && now - this.samples[1]![0] > this.windowMs) this.samples.shift();
  }

  /** The rate over the window, or null with too few samples. */
  rate(): number | null {
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    if (!a || !b || b[0] - a[0] < 200) return null;
    return ((b[1] - a[1]) * 1000) / (b[0] - a[0]);
  }

  /** Forgets the samples (after a pause, so idle time does not count). */
  reset(): void {
    this.samples = [];
  }
}
