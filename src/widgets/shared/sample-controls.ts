// The Monte Carlo sample controls of the KL sandbox and the reparameterization lab: a log-scale slider for the number of
// draws, a Resample button that moves to the next seed, and a note saying which seed and how many draws are shown.
import { el, rangeRow, type RangeRow } from './controls.ts';

export interface SampleState {
  n: number;
  seed: number;
}

export interface SampleControls {
  /** The sample-count slider. */
  nRow: RangeRow;
  /** The Resample button and the seed note, on one line (class `<cls>__mcline`). */
  line: HTMLElement;
  /** Writes "seed <seed>, <symbol> = <n>" into the seed note. */
  showSeed(): void;
}

export interface SampleOptions {
  /** The slider's label, e.g. "Monte Carlo samples (S)". */
  label: string;
  /** The letter the text uses for the number of draws (S or N). */
  symbol: string;
  min: number;
  max: number;
  /** The widget's class prefix, for the line (`<cls>__mcline`), button (`<cls>__resample`) and note (`<cls>__seed`). */
  cls: string;
  /** Called after the slider or the Resample button has changed st.n or st.seed. */
  onChange(): void;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Builds the sample-count slider and the Resample line over st.n and st.seed (both changed in place). */
export function sampleControls(st: SampleState, o: SampleOptions): SampleControls {
  const nRow = rangeRow({
    label: o.label,
    key: 'n',
    min: o.min,
    max: o.max,
    step: 1,
    decimals: 0,
    log: true,
    value: st.n,
    valueText: (v) => `${o.symbol} = ${count(v)}`,
    onInput: (v) => {
      st.n = v;
      o.onChange();
    },
  });
  const resample = el('button', `${o.cls}__resample`, 'Resample');
  resample.type = 'button';
  resample.dataset.control = 'resample';
  resample.addEventListener('click', () => {
    st.seed = (st.seed + 1) % 2 ** 31;
    o.onChange();
  });
  const seedNote = el('span', `${o.cls}__seed`);
  const line = el('div', `${o.cls}__mcline`);
  line.append(resample, seedNote);
  return { nRow, line, showSeed: () => (seedNote.textContent = `seed ${st.seed}, ${o.symbol} = ${count(st.n)}`) };
}
