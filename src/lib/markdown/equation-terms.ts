// Rehype plugin (after rehype-katex) that turns the terms a chapter marks in a displayed equation,
// `\htmlData{term=posterior.elbo}{\mathcal{L}}`, into keyboard-focusable links to the matching quantity of the widget
// beside the equation (src/lib/site/term-links.ts lights both up on focus or hover).
//
// KaTeX hides its HTML rendering from assistive technology (aria-hidden on .katex-html) and reads the MathML instead.
// A focusable element may not sit inside aria-hidden, so in an equation with terms the hiding moves down the tree: every
// subtree that holds no term is hidden, and each term becomes role="img" with a name that says what it is and where it
// points. The MathML stays, so a screen reader still reads the whole equation once.
import type { Root, Element, ElementContent } from 'hast';
import { visit } from 'unist-util-visit';

/** KaTeX's `trust` option: of the commands that need trust, only the two that mark terms (\\htmlData, \\htmlClass). */
export const katexTrust = (context: { command: string }): boolean => context.command === '\\htmlData' || context.command === '\\htmlClass';

/** The terms chapters may mark, as `<widget>.<quantity>`, with the name a screen reader gives them. */
export const EQUATION_TERMS: Record<string, string> = {
  'posterior.logpx': 'log p of x, the log-evidence',
  'posterior.elbo': 'the ELBO',
  'posterior.gap': 'the gap, KL from q to the true posterior',
  'posterior.recon': 'the reconstruction term',
  'posterior.kl': 'the KL term, KL from q to the prior',
  'kl-vs-recon.distortion': 'the distortion D',
  'kl-vs-recon.rate': 'the rate R',
  'kl-vs-recon.beta': 'the weight β',
  'reparam.mu': 'the mean μ',
  'reparam.sigma': 'the width σ',
  'reparam.eps': 'the noise ε',
  'reparam.z': 'the code z',
  'reparam.pathwise': 'the pathwise gradient',
  'reparam.reinforce': 'the score-function gradient, REINFORCE',
  'reparam.grad-mu': 'the gradient with respect to μ',
  'reparam.grad-sigma': 'the gradient with respect to σ',
};

/** Widget titles as a reader sees them, for the terms' accessible names. */
const WIDGET_NAMES: Record<string, string> = {
  posterior: 'the posterior inspector',
  'kl-vs-recon': 'the reconstruction-only, KL-only and both widget',
  reparam: 'the reparameterization lab',
};

const classes = (el: Element): string[] => {
  const c = el.properties?.className;
  return Array.isArray(c) ? c.map(String) : [];
};
const termOf = (el: Element): string | undefined => {
  const t = el.properties?.dataTerm;
  return typeof t === 'string' ? t : undefined;
};
const holdsTerm = (node: ElementContent): boolean => {
  if (node.type !== 'element') return false;
  if (termOf(node)) return true;
  return node.children.some(holdsTerm);
};

/** The accessible name of a term: what it is, and which widget shows it. */
export function termLabel(term: string): string {
  const label = EQUATION_TERMS[term];
  if (!label) throw new Error(`\\htmlData{term=${term}}: unknown equation term; add it to EQUATION_TERMS in src/lib/markdown/equation-terms.ts`);
  const widget = term.slice(0, term.indexOf('.'));
  return `${label}, shown in ${WIDGET_NAMES[widget] ?? widget}`;
}

/** Hides from assistive technology everything under node that holds no term, and makes each term focusable and named. */
function exposeTerms(node: Element): void {
  node.children = node.children.map((child): ElementContent => {
    if (child.type === 'text') {
      return child.value.trim() ? { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [child] } : child;
    }
    if (child.type !== 'element') return child;
    const term = termOf(child);
    if (term) {
      child.properties = {
        ...child.properties,
        className: [...classes(child), 'eq-term'],
        tabIndex: 0,
        role: 'img',
        ariaLabel: termLabel(term),
      };
    } else if (holdsTerm(child)) exposeTerms(child);
    else child.properties = { ...child.properties, ariaHidden: 'true' };
    return child;
  });
}

/** The TeX a reader copies from the MathML annotation, without the term marks: `\htmlData{term=a.b}{x}` → `{x}`. */
export const withoutTermMarks = (tex: string): string => tex.replace(/\\htmlData\{term=[^}]*\}/g, '');

/** Rehype plugin: makes the `\htmlData{term=…}` spans of KaTeX's HTML focusable, named links to widget quantities. */
export function rehypeEquationTerms() {
  return (tree: Root) => {
    visit(tree, 'element', (el: Element) => {
      if (el.tagName === 'annotation') {
        for (const c of el.children) if (c.type === 'text') c.value = withoutTermMarks(c.value);
        return;
      }
      if (!classes(el).includes('katex-html') || !holdsTerm(el)) return;
      delete el.properties.ariaHidden;
      exposeTerms(el);
      return 'skip';
    });
  };
}
