// How to cite the book, written once: the BibTeX on /about/, the CITATION.cff the site serves, and the repository's
// CITATION.cff (a unit test keeps that file equal to citationCff() without a URL).

/** Title, authors and year shared by every citation format. */
export const CITATION = {
  title: 'Variational Autoencoders, Explained: an explorable explanation',
  authors: 'The VAE Explained authors',
  year: 2026,
  dateReleased: '2026-12-02',
  note: 'Interactive article with models trained on MNIST and run in the browser',
} as const;

/** The BibTeX entry for the book as published at siteUrl. */
export function bibtex(siteUrl: string): string {
  return `@misc{vae_explained_${CITATION.year},
  title        = {${CITATION.title}},
  author       = {{${CITATION.authors}}},
  year         = {${CITATION.year}},
  howpublished = {\\url{${siteUrl}}},
  note         = {${CITATION.note}}
}`;
}

/** The CITATION.cff (Citation File Format 1.2.0) for the book, with its URL when it is known (single-quoted YAML, as Prettier writes it). */
export function citationCff(siteUrl?: string): string {
  return [
    'cff-version: 1.2.0',
    "message: 'If this book helps your teaching or research, please cite it as below.'",
    `title: '${CITATION.title}'`,
    'authors:',
    `  - name: '${CITATION.authors}'`,
    `date-released: '${CITATION.dateReleased}'`,
    ...(siteUrl ? [`url: '${siteUrl}'`] : []),
    'license:',
    '  - MIT',
    '  - CC-BY-4.0',
    `abstract: '${CITATION.note}.'`,
    '',
  ].join('\n');
}
