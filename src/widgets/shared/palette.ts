// Class colours for digits 0–9: the Okabe–Ito palette (colour-blind safe), with black swapped for the theme's text
// colour and two additions (grey, brown). The colours live in shared.css as --digit-0 … --digit-9 (light and dark).

/** The CSS custom property holding digit k's colour. */
export const classColor = (k: number): string => `var(--digit-${k})`;

/** Readable names, for legends and descriptions. */
export const CLASS_COLOR_NAMES = ['orange', 'sky blue', 'green', 'yellow', 'blue', 'vermilion', 'pink', 'black', 'grey', 'brown'];
