// The computational graph x → encoder → (μ, log σ²) → z ← ε → decoder → loss, drawn with d3: forward edges solid,
// gradient edges dashed, and the gradient drawn broken at z when z is sampled directly. Horizontal when wide,
// vertical on a phone, so that its text stays readable.
import { select } from 'd3-selection';
import { onWidthChange } from '../shared/resize.ts';

export type GraphMode = 'direct' | 'trick';

interface Node {
  id: string;
  label: string;
  sub?: string;
  /** Position: step along the flow, and lane across it. */
  col: number;
  lane: number;
  shape: 'rect' | 'circle';
  cls?: string;
}

/** The nodes that show a quantity chapter 6's equations mark (src/widgets/shared/quantities.ts). */
const NODE_QUANTITY: Record<string, string> = { mu: 'mu', lv: 'sigma', eps: 'eps', z: 'z' };

const ARROW = 'rp-arrow';
const GARROW = 'rp-garrow';

/** Draws the graph into container for the given mode; call again on mode change or resize. */
export function createGraph(container: HTMLElement): { draw(mode: GraphMode): void; destroy(): void } {
  const uid = Math.random().toString(36).slice(2, 8);
  const svg = select(container).append('svg').attr('class', 'rpgraph').attr('role', 'img');
  let current: GraphMode = 'trick';
  let width = 0;

  function draw(mode: GraphMode): void {
    current = mode;
    width = Math.max(300, container.clientWidth);
    const vertical = width < 600;
    const trick = mode === 'trick';
    const pad = 10;
    const nodes: Node[] = [
      { id: 'x', label: 'x', sub: 'digit', col: 0, lane: 0, shape: 'circle' },
      { id: 'enc', label: 'encoder', col: 1, lane: 0, shape: 'rect' },
      { id: 'mu', label: 'μ', col: 2, lane: -1, shape: 'rect' },
      { id: 'lv', label: 'log σ²', col: 2, lane: 1, shape: 'rect' },
      trick
        ? { id: 'z', label: 'z = μ + σ·ε', col: 3, lane: 0, shape: 'rect', cls: 'is-det' }
        : { id: 'z', label: 'z ~ N(μ, σ²)', sub: 'random draw', col: 3, lane: 0, shape: 'rect', cls: 'is-random' },
      { id: 'dec', label: 'decoder', col: 4, lane: 0, shape: 'rect' },
      { id: 'loss', label: 'loss', col: 5, lane: 0, shape: 'rect' },
    ];
    if (trick)
      nodes.push({ id: 'eps', label: 'ε ~ N(0, 1)', sub: 'no parameters', col: 3, lane: vertical ? 1 : 1.6, shape: 'rect', cls: 'is-random' });

    const cols = 6;
    const step = vertical ? 80 : (width - 2 * pad) / cols;
    const laneGap = vertical ? Math.min(120, (width - 2 * pad) / 3) : 46;
    const nodeW = vertical ? laneGap - 10 : Math.min(118, step - 14);
    const nodeH = 30;
    const subH = 42;
    const height = vertical ? pad * 2 + cols * step : 215;
    const cross = vertical ? width / 2 : 100;
    const pos = (n: { col: number; lane: number }) =>
      vertical
        ? { x: cross + n.lane * laneGap, y: pad + step / 2 + n.col * step }
        : { x: pad + step / 2 + n.col * step, y: cross + n.lane * laneGap };
    const byId = new Map(nodes.map((n) => [n.id, { ...n, ...pos(n) }]));
    const half = (id: string) => {
      const n = byId.get(id)!;
      return n.shape === 'circle' ? { w: 20, h: 20, circle: true } : { w: nodeW / 2, h: (n.sub ? subH : nodeH) / 2, circle: false };
    };
    /** The segment between two nodes' outlines, shifted sideways by `offset`. */
    const seg = (a: string, b: string, offset = 0, gapEnd = 4) => {
      const p = byId.get(a)!;
      const q = byId.get(b)!;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const len = Math.hypot(dx, dy) || 1;
      const ux = dx / len;
      const uy = dy / len;
      const clip = (id: string) => {
        const hb = half(id);
        if (hb.circle) return hb.w;
        return Math.min(Math.abs(ux) > 1e-9 ? hb.w / Math.abs(ux) : Infinity, Math.abs(uy) > 1e-9 ? hb.h / Math.abs(uy) : Infinity);
      };
      const s0 = clip(a) + 2;
      const s1 = clip(b) + gapEnd;
      const ox = -uy * offset;
      const oy = ux * offset;
      return { x1: p.x + ux * s0 + ox, y1: p.y + uy * s0 + oy, x2: q.x - ux * s1 + ox, y2: q.y - uy * s1 + oy, ux, uy };
    };

    svg.selectAll('*').remove();
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    svg.attr(
      'aria-label',
      trick
        ? 'Computational graph with z = μ + σ·ε: the noise ε is a side input, and the gradient of the loss flows back through the decoder and z to μ, log σ² and the encoder.'
        : 'Computational graph with z sampled directly: the gradient of the loss reaches the decoder and z, but is broken between z and μ, log σ², so the encoder gets none.',
    );
    const defs = svg.append('defs');
    for (const [id, cls] of [
      [ARROW, 'rpgraph__head'],
      [GARROW, 'rpgraph__ghead'],
    ] as const) {
      defs
        .append('marker')
        .attr('id', `${id}-${uid}`)
        .attr('viewBox', '0 0 10 10')
        .attr('refX', 9)
        .attr('refY', 5)
        .attr('markerWidth', 7)
        .attr('markerHeight', 7)
        .attr('orient', 'auto-start-reverse')
        .append('path')
        .attr('class', cls)
        .attr('d', 'M0,0 L10,5 L0,10 z');
    }

    const forward: [string, string][] = [
      ['x', 'enc'],
      ['enc', 'mu'],
      ['enc', 'lv'],
      ['mu', 'z'],
      ['lv', 'z'],
      ['z', 'dec'],
      ['dec', 'loss'],
    ];
    if (trick) forward.push(['eps', 'z']);
    const gF = svg.append('g');
    for (const [a, b] of forward) {
      const s = seg(a, b, 0);
      gF.append('line')
        .attr('class', 'rpgraph__edge')
        .attr('x1', s.x1)
        .attr('y1', s.y1)
        .attr('x2', s.x2)
        .attr('y2', s.y2)
        .attr('marker-end', `url(#${ARROW}-${uid})`);
    }

    // Gradient edges, drawn backwards and offset from the forward ones.
    const gB = svg.append('g');
    const backward: [string, string, boolean][] = [
      ['loss', 'dec', false],
      ['dec', 'z', false],
      ['z', 'mu', !trick],
      ['z', 'lv', !trick],
    ];
    if (trick) backward.push(['mu', 'enc', false], ['lv', 'enc', false]);
    for (const [a, b, broken] of backward) {
      const s = seg(a, b, 8);
      if (!broken) {
        gB.append('line')
          .attr('class', 'rpgraph__grad')
          .attr('x1', s.x1)
          .attr('y1', s.y1)
          .attr('x2', s.x2)
          .attr('y2', s.y2)
          .attr('marker-end', `url(#${GARROW}-${uid})`);
        continue;
      }
      // Broken: a stub that stops a third of the way, then a cross.
      const t = 0.35;
      const mx = s.x1 + (s.x2 - s.x1) * t;
      const my = s.y1 + (s.y2 - s.y1) * t;
      gB.append('line').attr('class', 'rpgraph__grad').attr('x1', s.x1).attr('y1', s.y1).attr('x2', mx).attr('y2', my);
      const c = 6;
      gB.append('path')
        .attr('class', 'rpgraph__cross')
        .attr('d', `M${mx - c},${my - c} L${mx + c},${my + c} M${mx - c},${my + c} L${mx + c},${my - c}`);
    }

    // Nodes.
    const gN = svg.append('g');
    for (const n of byId.values()) {
      const g = gN
        .append('g')
        .attr('class', `rpgraph__node ${n.cls ?? ''}`)
        .attr('data-quantity', NODE_QUANTITY[n.id] ?? null)
        .attr('transform', `translate(${n.x},${n.y})`);
      const h = n.sub ? subH : nodeH;
      if (n.shape === 'circle') g.append('circle').attr('r', 20);
      else
        g.append('rect')
          .attr('x', -nodeW / 2)
          .attr('y', -h / 2)
          .attr('width', nodeW)
          .attr('height', h)
          .attr('rx', 6);
      g.append('text')
        .attr('class', 'rpgraph__label')
        .attr('text-anchor', 'middle')
        .attr('dy', n.sub && n.shape === 'rect' ? '-0.15em' : '0.35em')
        .text(n.label);
      if (n.sub)
        g.append('text')
          .attr('class', 'rpgraph__sub')
          .attr('text-anchor', 'middle')
          .attr('dy', n.shape === 'rect' ? '1.2em' : '2.9em')
          .text(n.sub);
    }
    // A note at z: why the gradient flows or stops. Above z when wide; to its left on a phone.
    const z = byId.get('z')!;
    const lines = trick
      ? ['∂z/∂μ = 1', '∂z/∂log σ² = ½σε']
      : vertical
        ? ['✕ no gradient:', 'a random draw', 'has no derivative']
        : ['✕ gradient stops here: a random draw', 'has no derivative in μ or σ'];
    const nx = vertical ? z.x - laneGap : z.x;
    const ny = vertical ? z.y - ((lines.length - 1) * 14) / 2 + 4 : 16;
    const note = svg.append('g').attr('class', 'rpgraph__note');
    lines.forEach((t, i) =>
      note
        .append('text')
        .attr('x', nx)
        .attr('y', ny + i * 14)
        .attr('text-anchor', 'middle')
        .attr('class', trick ? 'is-ok' : 'is-blocked')
        .text(t),
    );
  }

  const stopResize = onWidthChange(container, () => draw(current));
  return {
    draw,
    destroy() {
      stopResize();
      svg.remove();
    },
  };
}
