// A Shiki transformer for code highlighted with defaultColor "light-dark()": each token's colour is already one
// light-dark(light, dark) value, which follows the page's color-scheme (the theme toggle included), so the per-token
// --shiki-light / --shiki-dark variables Shiki also writes are dead weight (about half of a listing's bytes).
import type { Element } from 'hast';
import type { ShikiTransformer } from 'shiki';

/** Removes the --shiki-* custom properties from an element's inline style. */
export function stripShikiVariables(style: string): string {
  return style
    .split(';')
    .filter((declaration) => declaration.trim() !== '' && !declaration.trim().startsWith('--shiki-'))
    .join(';');
}

function strip(node: Element): void {
  const style = node.properties.style;
  if (typeof style === 'string') node.properties.style = stripShikiVariables(style);
}

/** The transformer: the pre's and every token's style keep only their light-dark() colours. */
export const lightDarkOnly: ShikiTransformer = { name: 'vae:light-dark-only', pre: strip, span: strip };
