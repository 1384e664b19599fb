// DOM for the retrieval widget: the query's source (pad, held-out picker) beside two rows of eight neighbours, one by
// distance between codes and one by distance between pixels, each neighbour with its label and distance; neighbours
// whose label differs from the query's are marked.
import { createDigitCanvas, drawDigit } from '../shared/digit-image.ts';
import { el } from '../shared/controls.ts';
import { digitSource } from '../shared/digit-source.ts';
import type { Pad } from '../shared/pad.ts';
import { K, type Neighbour } from './neighbours.ts';

export interface RetrievalHandlers {
  onStroke(): void;
  onClear(): void;
  onRandom(): void;
  onPick(index: number): void;
}

export type Space = 'code' | 'pixel';

interface Row {
  section: HTMLElement;
  cells: { box: HTMLElement; canvas: HTMLCanvasElement; label: HTMLElement; dist: HTMLElement }[];
  summary: HTMLElement;
}

export interface RetrievalView {
  pad: Pad;
  heldoutIndex: HTMLInputElement;
  heldoutNote: HTMLElement;
  /** A note over the neighbours (shared/decoder-note.ts): the live search downloading, or its failure with Retry. */
  liveNote: HTMLElement;
  /** Shows the query picture and its label (null for a drawing). */
  showQuery(pixels: Float32Array, label: number | null): void;
  /** Shows one row's neighbours: their pictures, labels and distances; a label unlike the query's is marked. */
  showRow(
    space: Space,
    neighbours: readonly Neighbour[],
    images: (i: number) => Float32Array,
    labels: ArrayLike<number>,
    queryLabel: number | null,
  ): void;
  /** Empties both rows (no query drawn yet). */
  clearRows(message: string): void;
  destroy(): void;
}

const ROW_TITLES: Record<Space, string> = {
  code: 'Nearest by code distance (vae-16d’s μ(x), 16 numbers)',
  pixel: 'Nearest by pixel distance (784 numbers)',
};

function row(space: Space): Row {
  const section = el('section', `rt__row rt__row--${space}`);
  section.dataset.space = space;
  section.setAttribute('aria-label', ROW_TITLES[space]);
  section.append(el('h3', 'rt__rowtitle', ROW_TITLES[space]));
  const list = el('ol', 'rt__list');
  const cells: Row['cells'] = [];
  for (let i = 0; i < K; i++) {
    const box = el('li', 'rt__cell');
    const canvas = createDigitCanvas(`Neighbour ${i + 1}`, 'rt__img');
    const label = el('span', 'rt__label', '–');
    const dist = el('span', 'rt__dist');
    box.append(canvas, label, dist);
    list.append(box);
    cells.push({ box, canvas, label, dist });
  }
  const summary = el('p', 'rt__summary');
  section.append(list, summary);
  return { section, cells, summary };
}

/** Builds the widget's DOM in root; handlers fire on reader input only. */
export function buildRetrievalView(root: HTMLElement, count: number, note: string, h: RetrievalHandlers): RetrievalView {
  const wrap = el('div', 'rt-c');
  const grid = el('div', 'rt');
  wrap.append(grid);

  const source = el('section', 'rt__source');
  source.setAttribute('aria-label', 'The query digit');
  source.append(el('h3', 'rt__title', 'The query'));
  const {
    pad,
    index: heldoutIndex,
    note: heldoutNote,
  } = digitSource(source, { prefix: 'rt', count, onStroke: () => h.onStroke(), onClear: h.onClear, onRandom: h.onRandom, onPick: h.onPick });

  const results = el('div', 'rt__results');
  const queryFig = el('figure', 'rt__query');
  const queryCanvas = createDigitCanvas('The query digit', 'rt__img rt__img--query');
  const queryCap = el('figcaption', 'rt__querycap', 'Query');
  queryFig.append(queryCanvas, queryCap);
  const rows: Record<Space, Row> = { code: row('code'), pixel: row('pixel') };
  const key = el('p', 'rt__key widget__explain', note);
  const liveNote = el('div', 'widget__over-note rt__live-note');
  liveNote.hidden = true;
  results.append(queryFig, rows.code.section, rows.pixel.section, key, liveNote);
  grid.append(results, source);
  root.append(wrap);

  return {
    pad,
    heldoutIndex,
    heldoutNote,
    liveNote,
    showQuery(pixels, label) {
      drawDigit(queryCanvas, pixels);
      queryCap.textContent = label === null ? 'Query: your drawing (no label)' : `Query: labelled ${label}`;
      queryCanvas.setAttribute('aria-label', label === null ? 'The query: your drawing' : `The query: a held-out digit labelled ${label}`);
    },
    showRow(space, neighbours, images, labels, queryLabel) {
      const r = rows[space];
      let same = 0;
      neighbours.forEach((n, i) => {
        const c = r.cells[i]!;
        const lab = labels[n.index]!;
        const differs = queryLabel !== null && lab !== queryLabel;
        if (!differs && queryLabel !== null) same++;
        drawDigit(c.canvas, images(n.index));
        c.box.classList.toggle('is-other', differs);
        c.box.dataset.index = String(n.index);
        c.box.dataset.label = String(lab);
        c.box.dataset.distance = n.distance.toFixed(4);
        c.label.textContent = `${differs ? '≠ ' : ''}${lab}`;
        c.dist.textContent = n.distance.toFixed(n.distance >= 10 ? 1 : 2);
        c.canvas.setAttribute(
          'aria-label',
          `Neighbour ${i + 1}: held-out digit #${n.index}, labelled ${lab}${differs ? ', not the query’s label' : ''}, distance ${n.distance.toFixed(2)}`,
        );
      });
      r.section.dataset.same = queryLabel === null ? '' : String(same);
      r.summary.textContent =
        queryLabel === null
          ? 'Your drawing has no label: read the neighbours’ labels under each.'
          : `${same} of ${neighbours.length} share the query’s label ${queryLabel}.`;
    },
    clearRows(message) {
      for (const r of Object.values(rows)) {
        for (const c of r.cells) {
          drawDigit(c.canvas, new Float32Array(784));
          c.box.classList.remove('is-other');
          c.label.textContent = '–';
          c.dist.textContent = '';
          delete c.box.dataset.index;
        }
        r.summary.textContent = message;
        r.section.dataset.same = '';
      }
      drawDigit(queryCanvas, new Float32Array(784));
      queryCap.textContent = 'Query: draw a digit';
    },
    destroy() {
      pad.destroy();
      wrap.remove();
    },
  };
}
