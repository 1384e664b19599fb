// Build time: the PyTorch listings of content/code/ as text (for highlighting and line counts) and as download URLs
// (Vite emits each file under _astro/, so the URL carries the base path and a content hash).

const sources = import.meta.glob<string>('../../../content/code/*.py', { query: '?raw', import: 'default', eager: true });
const downloads = import.meta.glob<string>('../../../content/code/*.py', { query: '?url', import: 'default', eager: true });

function lookup(table: Record<string, string>, file: string): string {
  const value = table[`../../../content/code/${file}`];
  if (value === undefined) throw new Error(`no listing content/code/${file} (there are: ${Object.keys(table).join(', ')})`);
  return value;
}

/** The text of content/code/<file>. */
export function listingSource(file: string): string {
  return lookup(sources, file);
}

/** The URL a reader downloads content/code/<file> from. */
export function listingDownload(file: string): string {
  return lookup(downloads, file);
}
