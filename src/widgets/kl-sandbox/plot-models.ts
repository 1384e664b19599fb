// What the KL sandbox's plot shows in each mode, free of the DOM: the two densities, the draggable means, and the KL
// integrand whose area the plot fills (forward or reverse).
import { mixtureLogPdf, type Direction, type Gauss, type Mixture } from './kl-math.ts';
import { normLogPdf, normPdf } from '../shared/normal.ts';
import type { Handle, PlotModel } from './plot.ts';
import { MEAN_MAX, MEAN_MIN } from './state.ts';
import { fmt } from '../shared/controls.ts';

/** A draggable mean on the plot's axis, on row 0 (q) or 1 (p). */
function handle(key: string, kind: 'q' | 'p', label: string, name: string, value: number, row: number): Handle {
  return { key, kind, label, name, value, row, min: MEAN_MIN, max: MEAN_MAX };
}

/** Two Gaussians q and p, the integrand q·log(q/p) whose area is klqp, and a rug of Monte Carlo draws from q. */
export function twoGaussiansModel(q: Gauss, p: Gauss, klqp: number, rug: number[]): PlotModel {
  return {
    curves: [
      { key: 'p', kind: 'p', f: (z) => normPdf(z, p.m, p.s) },
      { key: 'q', kind: 'q', f: (z) => normPdf(z, q.m, q.s) },
    ],
    handles: [handle('pm', 'p', 'p', 'Mean of p (m₂)', p.m, 1), handle('qm', 'q', 'q', 'Mean of q (m₁)', q.m, 0)],
    integrand: (z) => normPdf(z, q.m, q.s) * (normLogPdf(z, q.m, q.s) - normLogPdf(z, p.m, p.s)),
    integrandTitle: `q·log(q/p); its area is KL(q‖p) = ${fmt(klqp)}`,
    rug,
  };
}

/** The fitted Gaussian q against the two-bump target p, with the integrand of the KL being minimised; `moving` once a fit has begun. */
export function mixtureFitModel(q: Gauss, p: Mixture, dir: Direction, kls: { reverse: number; forward: number }, moving: boolean): PlotModel {
  const rev = dir === 'reverse';
  const lq = (z: number) => normLogPdf(z, q.m, q.s);
  const lp = (z: number) => mixtureLogPdf(z, p);
  return {
    curves: [
      { key: 'p', kind: 'p', f: (z) => Math.exp(lp(z)) },
      { key: 'q', kind: 'q', f: (z) => Math.exp(lq(z)) },
    ],
    handles: [
      handle('am', 'p', 'p₁', 'Mean of bump 1 of p', p.a.m, 1),
      handle('bm', 'p', 'p₂', 'Mean of bump 2 of p', p.b.m, 1),
      handle('qm', 'q', 'q', moving ? 'Mean of q (moving it restarts the fit)' : 'Mean of q', Math.round(q.m * 100) / 100, 0),
    ],
    integrand: rev ? (z) => Math.exp(lq(z)) * (lq(z) - lp(z)) : (z) => Math.exp(lp(z)) * (lp(z) - lq(z)),
    integrandTitle: rev ? `q·log(q/p); its area is KL(q‖p) = ${fmt(kls.reverse)}` : `p·log(p/q); its area is KL(p‖q) = ${fmt(kls.forward)}`,
    rug: [],
  };
}
