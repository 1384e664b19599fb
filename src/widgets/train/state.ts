// The training playground's URL state (prefix train.): the run's settings, its β history and how many steps it has taken.
import { boolField, choiceField, intField, type Field } from '../runtime/url-state.ts';

/** The β values the slider offers (0: reconstruction only; 32: enough to collapse the posterior). */
export const BETAS = [0, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;
/** Learning rates offered (Adam). */
export const LRS = ['0.0003', '0.001', '0.003', '0.01', '0.03'] as const;
/** Hidden-layer widths offered (one hidden layer in the encoder, one in the decoder). */
export const HIDDEN = ['4', '16', '64', '256'] as const;
/** The last step a link can ask to replay. */
export const MAX_STEPS = 100_000;

/** A piecewise-constant β: [first step, β] pairs, the first at step 0, starts strictly increasing. */
export type BetaSchedule = [number, number][];

const isBeta = (v: number) => (BETAS as readonly number[]).includes(v);

/** β as a URL field: one of BETAS. */
export const betaField: Field<number> = {
  parse: (raw) => (/^\d+(\.\d+)?$/.test(raw) && isBeta(Number(raw)) ? Number(raw) : undefined),
  format: (v) => String(v),
  default: 1,
};

/** The β history as a URL field: "0:1,300:4" (β = 1 from step 0, β = 4 from step 300); empty when β never changed. */
export const scheduleField: Field<BetaSchedule> = {
  parse(raw) {
    if (raw === '') return [];
    const out: BetaSchedule = [];
    for (const part of raw.split(',')) {
      const m = /^(\d{1,6}):(\d+(?:\.\d+)?)$/.exec(part);
      if (!m) return undefined;
      const s = Number(m[1]);
      const b = Number(m[2]);
      const prev = out[out.length - 1];
      if (!isBeta(b) || (prev ? s <= prev[0] : s !== 0)) return undefined;
      out.push([s, b]);
    }
    return out.length > 200 ? undefined : out;
  },
  format: (v) => v.map(([s, b]) => `${s}:${b}`).join(','),
  default: [],
};

export const trainSchema = {
  beta: betaField,
  bh: scheduleField,
  warmup: boolField(false),
  lr: choiceField(LRS, '0.003'),
  hidden: choiceField(HIDDEN, '64'),
  seed: intField(0, 99_999, 1),
  steps: intField(0, MAX_STEPS, 0),
  spf: intField(1, 50, 5),
};

/** Training steps over which KL warm-up raises β's weight from 0 to 1. */
export const WARMUP_STEPS = 500;

/** The β in force at a step of a schedule. */
export function betaAt(schedule: BetaSchedule, step: number): number {
  let b = schedule[0]?.[1] ?? 1;
  for (const [s, v] of schedule) if (s <= step) b = v;
  return b;
}

/** The schedule a run follows: the URL's history when there is one, else the current β from step 0. */
export function effectiveSchedule(bh: BetaSchedule, beta: number): BetaSchedule {
  return bh.length ? bh.map(([s, b]) => [s, b] as [number, number]) : [[0, beta]];
}

/** The schedule after the reader sets β to `beta` with `step` steps done (it applies from the next step on). */
export function withBetaChange(schedule: BetaSchedule, step: number, beta: number): BetaSchedule {
  if (step === 0) return [[0, beta]];
  const out = schedule.filter(([s]) => s <= step).map(([s, b]) => [s, b] as [number, number]);
  if (out[out.length - 1]![0] === step) out.pop();
  if (betaAt(out, step) !== beta) out.push([step, beta]);
  return out;
}

/** The schedule as stored in the URL: empty when β never changed. */
export const storedSchedule = (schedule: BetaSchedule): BetaSchedule => (schedule.length > 1 ? schedule : []);

/** Reconciles a link's β, history and step count: the history wins, and changes after the linked step are dropped. */
export function scheduleFromLink(bh: BetaSchedule, beta: number, steps: number): { schedule: BetaSchedule; beta: number } {
  const kept = bh.filter(([s]) => s <= steps);
  if (kept.length === 0) return { schedule: [[0, beta]], beta };
  return { schedule: kept, beta: kept[kept.length - 1]![1] };
}

/** The weight on the KL term at a step: the scheduled β, times the warm-up factor when warm-up is on. */
export function klWeight(schedule: BetaSchedule, step: number, warmup: boolean, warmupFactor: (p: number, span: number) => number): number {
  return betaAt(schedule, step) * (warmup ? warmupFactor(step, WARMUP_STEPS) : 1);
}
