// The reparameterization lab: the VAE's computational graph with and without the trick, and the score-function
// (REINFORCE) and pathwise gradient estimators of d/dθ E_{z~N(μ,σ²)}[f(z)] compared live from seeded samples.
import type { WidgetElement, WidgetUi } from '../runtime/widget-element.ts';
import { readState, syncStateToUrl, type StateOf } from '../runtime/url-state.ts';
import { el, fmt, radioGroup, rangeRow, setOut, nextId } from '../shared/controls.ts';
import { exactMoments, F_NAMES, FUNCS, sampleEstimates, type EstimatorKey } from './reparam-math.ts';
import { MU_MAX, MU_MIN, N_MAX, N_MIN, reparamSchema, SIGMA_MAX, SIGMA_MIN } from './state.ts';
import { createGraph } from './graph.ts';
import { createHist, sharedDomain } from './hist.ts';
import { sampleControls } from '../shared/sample-controls.ts';
import { emitQuantity, markQuantity } from '../shared/quantities.ts';

type State = StateOf<typeof reparamSchema>;
const PREFIX = 'reparam';

const NOTES: Record<string, string> = {
  step: 'The step has no useful derivative: f′(z) = 0 wherever it exists, and the jump at 0 is invisible to it. So every pathwise sample is 0, and the pathwise estimate is biased: it says 0 whatever the exact gradient is. REINFORCE needs only values of f, and stays unbiased. The pathwise estimator needs a differentiable f.',
  abs: '|z| has no derivative at z = 0, but that single point is drawn with probability 0, and |z| is continuous; the pathwise estimate (f′(z) = ±1) stays unbiased.',
  sin: 'Both estimators are unbiased here. For sin(ωz) with a large frequency ω, the pathwise estimate would be the noisier one (chapter 6’s footnote).',
};

export async function setup(_rt: unknown, ui: WidgetUi, host: WidgetElement): Promise<() => void> {
  const st: State = readState(reparamSchema, host.urlParams(), PREFIX);
  const save = () => syncStateToUrl(reparamSchema, st, PREFIX);
  let raf = 0;
  let frames = 0;
  const schedule = () => {
    if (!raf) raf = requestAnimationFrame(() => ((raf = 0), compute()));
  };

  const wrap = el('div', 'rp');

  // Part 1: the graph.
  const graphPart = el('div', 'rp__graph');
  const toggle = radioGroup(
    'How z is made',
    'rp-graph',
    [
      { value: 'direct', label: 'sample z directly' },
      { value: 'trick', label: 'z = μ + σ·ε' },
    ] as const,
    st.graph,
    (v) => {
      st.graph = v;
      save();
      drawGraph();
    },
  );
  const graphBox = el('div', 'rp__graphbox');
  const graphCaption = el('p', 'rp__caption widget__explain');
  graphCaption.setAttribute('aria-live', 'polite');
  const gLegend = el('ul', 'rp__legend');
  gLegend.setAttribute('aria-label', 'Legend of the graph');
  for (const [cls, text] of [
    ['fwd', 'forward pass, solid arrows'],
    ['grad', 'gradient, dashed arrows'],
    ['cross', '✕ gradient blocked'],
  ] as const) {
    const li = el('li');
    const sw = el('span', `rp__swatch rp__swatch--${cls}`);
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, document.createTextNode(text));
    gLegend.append(li);
  }
  graphPart.append(toggle.fieldset, graphBox, gLegend, graphCaption);
  const graph = createGraph(graphBox);
  function drawGraph(): void {
    graph.draw(st.graph);
    host.dataset.graph = st.graph;
    graphCaption.textContent =
      st.graph === 'trick'
        ? 'With z = μ + σ·ε, z is an ordinary function of μ and σ, and the noise ε is a side input with no parameters. Backpropagation runs from the loss through the decoder and z into μ, log σ² and the encoder.'
        : 'With z drawn directly from N(μ, σ²), the backward pass reaches z and stops: a random draw has no derivative with respect to μ or σ. The decoder still gets its gradient; the encoder gets none from the loss.';
  }

  // Part 2: the estimators.
  const lab = el('div', 'rp__lab');
  const lead = el(
    'p',
    'rp__lead widget__explain',
    'A toy objective: the average of f(z) over z ~ N(μ, σ²). Each sample gives one estimate of its gradient with respect to μ and σ, by REINFORCE (the score function: f(z) times the derivative of log N(z; μ, σ²)) and by the pathwise gradient (f′(μ + σε) times ∂z/∂μ = 1 or ∂z/∂σ = ε). The histograms show S such estimates; their average is the S-sample estimate.',
  );
  const controls = el('div', 'rp__controls');
  const fRow = el('div', 'wrow');
  const fId = nextId('rp-f');
  const fLabel = el('label', 'wrow__label', 'Function f');
  fLabel.htmlFor = fId;
  const fSelect = el('select');
  fSelect.id = fId;
  fSelect.dataset.control = 'f';
  for (const name of F_NAMES) {
    const o = el('option', undefined, FUNCS[name].label);
    o.value = name;
    o.selected = name === st.f;
    fSelect.append(o);
  }
  fSelect.addEventListener('change', () => {
    st.f = fSelect.value as State['f'];
    save();
    schedule();
  });
  fRow.append(fLabel, fSelect);
  const onNum = (key: 'mu' | 'sigma') => (v: number) => {
    st[key] = v;
    save();
    schedule();
  };
  const muRow = rangeRow({ label: 'Mean μ', key: 'mu', min: MU_MIN, max: MU_MAX, step: 0.01, decimals: 2, value: st.mu, onInput: onNum('mu') });
  const sigmaRow = rangeRow({
    label: 'Width σ',
    key: 'sigma',
    min: SIGMA_MIN,
    max: SIGMA_MAX,
    step: 0.01,
    decimals: 2,
    value: st.sigma,
    onInput: onNum('sigma'),
  });
  const samples = sampleControls(st, { label: 'Samples (S)', symbol: 'S', min: N_MIN, max: N_MAX, cls: 'rp', onChange: () => (save(), schedule()) });
  const fNote = el('p', 'rp__fnote widget__explain');
  fNote.setAttribute('aria-live', 'polite');
  markQuantity(muRow.row, 'mu');
  markQuantity(sigmaRow.row, 'sigma');
  controls.append(fRow, muRow.row, sigmaRow.row, samples.nRow.row, samples.line);

  const cols = el('div', 'rp__cols');
  type Param = 'mu' | 'sigma';
  const blocks = {} as Record<
    Param,
    { exact: HTMLOutputElement; rf: ReturnType<typeof createHist>; pw: ReturnType<typeof createHist>; cells: Record<string, HTMLOutputElement> }
  >;
  for (const [param, sym] of [
    ['mu', 'μ'],
    ['sigma', 'σ'],
  ] as const) {
    const col = el('div', 'rp__col');
    col.dataset.param = param;
    const head = el('p', 'rp__colhead');
    head.append(document.createTextNode(`Gradient with respect to ${sym}: exact `));
    const exact = el('output');
    exact.dataset.out = `exact-${param}`;
    head.append(exact);
    markQuantity(head, `grad-${param}`);
    const hRf = markQuantity(el('div', 'rp__hist'), 'reinforce');
    const hPw = markQuantity(el('div', 'rp__hist'), 'pathwise');
    const rf = createHist(hRf, `Histogram of REINFORCE estimates of the gradient with respect to ${sym}`);
    const pw = createHist(hPw, `Histogram of pathwise estimates of the gradient with respect to ${sym}`);
    const scroller = el('div', 'rp__tablewrap');
    const table = el('table', 'rp__table');
    const cap = el('caption', undefined, `Estimates of ∂/∂${sym}`);
    const thead = el('thead');
    const hr = el('tr');
    for (const t of ['estimator', 'estimate ± s.e.', 'variance per sample (exact)', 'variance of the estimate']) {
      const th = el('th', undefined, t);
      th.scope = 'col';
      hr.append(th);
    }
    thead.append(hr);
    const tbody = el('tbody');
    const cells: Record<string, HTMLOutputElement> = {};
    for (const [est, name] of [
      ['rf', 'REINFORCE'],
      ['pw', 'pathwise'],
    ] as const) {
      const tr = markQuantity(el('tr'), est === 'rf' ? 'reinforce' : 'pathwise');
      const th = el('th', undefined, name);
      th.scope = 'row';
      tr.append(th);
      for (const what of ['mean', 'var', 'varn']) {
        const td = el('td');
        const o = el('output');
        o.dataset.out = `${est}-${param}-${what}`;
        cells[`${est}-${what}`] = o;
        td.append(o);
        if (what === 'var') {
          const ex = el('output', 'rp__exactvar');
          ex.dataset.out = `${est}-${param}-exactvar`;
          cells[`${est}-exactvar`] = ex;
          td.append(ex);
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(cap, thead, tbody);
    scroller.append(table);
    scroller.tabIndex = 0;
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-label', `Table of estimates of ∂/∂${sym}`);
    col.append(head, hRf, hPw, scroller);
    cols.append(col);
    blocks[param] = { exact, rf, pw, cells };
  }
  const histKey = el('p', 'rp__histkey', 'In each histogram: dashed line, the exact gradient; solid line, the S-sample estimate.');
  const ratio = el('p', 'rp__ratio');
  ratio.setAttribute('aria-live', 'polite');
  lab.append(lead, controls, fNote, histKey, cols, ratio);
  wrap.append(graphPart, lab);
  ui.root.append(wrap);

  function compute(): void {
    const fn = FUNCS[st.f];
    const { values, stats } = sampleEstimates(fn, st.mu, st.sigma, st.n, st.seed);
    const exact = fn.exact(st.mu, st.sigma);
    const moments = exactMoments(fn, st.mu, st.sigma);
    samples.showSeed();
    fNote.textContent = NOTES[st.f] ?? '';
    fNote.hidden = !NOTES[st.f];
    for (const param of ['mu', 'sigma'] as const) {
      const b = blocks[param];
      const ex = param === 'mu' ? exact.gmu : exact.gsigma;
      setOut(b.exact, ex);
      const kRf: EstimatorKey = param === 'mu' ? 'rfMu' : 'rfSigma';
      const kPw: EstimatorKey = param === 'mu' ? 'pwMu' : 'pwSigma';
      const domain = sharedDomain(values[kRf], values[kPw], ex);
      const sym = param === 'mu' ? 'μ' : 'σ';
      b.rf.draw({ values: values[kRf], domain, exact: ex, mean: stats[kRf].mean, title: `REINFORCE, ∂/∂${sym}` });
      b.pw.draw({ values: values[kPw], domain, exact: ex, mean: stats[kPw].mean, title: `pathwise, ∂/∂${sym}` });
      for (const [est, k] of [
        ['rf', kRf],
        ['pw', kPw],
      ] as const) {
        const s = stats[k];
        setOut(b.cells[`${est}-mean`]!, s.mean, `${fmt(s.mean)}\n± ${fmt(s.se)}`);
        b.cells[`${est}-mean`]!.dataset.se = String(s.se);
        setOut(b.cells[`${est}-var`]!, s.variance);
        setOut(b.cells[`${est}-exactvar`]!, moments[k].variance, `(${fmt(moments[k].variance)})`);
        setOut(b.cells[`${est}-varn`]!, s.varianceOfMean, fmt(s.varianceOfMean, 5));
      }
    }
    // The number chapter 6 quotes: REINFORCE's sampled variance per sample for μ, as the table shows it.
    emitQuantity(host, { widget: 'reparam', name: 'rf-mu-var', value: stats.rfMu.variance, text: fmt(stats.rfMu.variance) });
    const r = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 1)}×` : 'infinitely');
    ratio.textContent =
      st.f === 'step'
        ? 'The pathwise estimates are all 0: no variance, but the wrong answer. Compare their average with the exact gradient.'
        : `REINFORCE’s variance is ${r(moments.rfMu.variance, moments.pwMu.variance)} the pathwise variance for μ, and ${r(moments.rfSigma.variance, moments.pwSigma.variance)} for σ (exact, per sample). More samples shrink both by the same factor S.`;
    host.dataset.frames = String(++frames);
  }

  drawGraph();
  compute();
  ui.status('');
  return () => {
    if (raf) cancelAnimationFrame(raf);
    graph.destroy();
    blocks.mu.rf.destroy();
    blocks.mu.pw.destroy();
    blocks.sigma.rf.destroy();
    blocks.sigma.pw.destroy();
  };
}
