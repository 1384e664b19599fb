// The components MDX chapters may use without importing them.
import Figure from './Figure.astro';
import TryThis from './TryThis.astro';
import Metric from './Metric.astro';
import Widget from './Widget.astro';
import CodeListing from './CodeListing.astro';
import Live from './Live.astro';

export const mdxComponents = { Figure, TryThis, Metric, Widget, Live, CodeListing };
