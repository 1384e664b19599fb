// The compact layouts an embed page offers with ?view= (styled in src/pages/embed/[widget].astro), listed for teachers
// on /widgets/ and checked one by one in tests/e2e/embed.spec.ts.

export interface EmbedView {
  widget: string;
  view: string;
  /** What the layout keeps, after "shows <widget title> as …". */
  keeps: string;
}

export const EMBED_VIEWS: EmbedView[] = [
  { widget: 'latent-walk', view: 'map', keeps: 'its map and decoded digit only' },
  { widget: 'draw', view: 'map', keeps: 'its drawing pad and its map only' },
  { widget: 'kl-vs-recon', view: 'both', keeps: 'one panel, the β-VAE with its β slider and the rate–distortion plot' },
  { widget: 'posterior', view: 'plot', keeps: 'its heat map and its bounds only, for the digit set in the address' },
];
