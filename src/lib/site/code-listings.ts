// The PyTorch listings of content/code/ and the chapter that shows each (<CodeListing file="..."> in its MDX):
// one list for the unit tests (syntax, length, embedding) and the end-to-end copy test.

/** A listing: its file in content/code/, the chapter file and URL slug that show it, and its longest allowed length. */
export interface CodeListingEntry {
  file: string;
  chapter: string;
  slug: string;
  maxLines: number;
}

/**
 * Short listings stay on about one screen; the full training script (data, split, model, loop, command line) may be longer
 * (180: it grew from 161 to 179 lines when its lines were wrapped to 79 columns).
 */
export const LISTING_MAX_LINES = 60;
export const TRAINING_SCRIPT_MAX_LINES = 180;
/** PEP 8's limit: no listing line is longer than this, so a phone's panel scrolls sideways as little as it can. */
export const LISTING_MAX_COLUMNS = 79;

export const CODE_LISTINGS: readonly CodeListingEntry[] = [
  { file: 'ae.py', chapter: '01-autoencoders.mdx', slug: 'autoencoders', maxLines: LISTING_MAX_LINES },
  { file: 'dae.py', chapter: '02-denoising.mdx', slug: 'denoising', maxLines: LISTING_MAX_LINES },
  { file: 'kl.py', chapter: '04-kl-divergence.mdx', slug: 'kl-divergence', maxLines: LISTING_MAX_LINES },
  { file: 'vae.py', chapter: '05-elbo.mdx', slug: 'elbo', maxLines: LISTING_MAX_LINES },
  { file: 'reparam.py', chapter: '06-reparameterization.mdx', slug: 'reparameterization', maxLines: LISTING_MAX_LINES },
  { file: 'cvae.py', chapter: '07-latent-space.mdx', slug: 'latent-space', maxLines: LISTING_MAX_LINES },
  { file: 'train_vae.py', chapter: '08-train-your-own.mdx', slug: 'train-your-own', maxLines: TRAINING_SCRIPT_MAX_LINES },
  { file: 'two_stage.py', chapter: '09-blur-and-beyond.mdx', slug: 'blur-and-beyond', maxLines: LISTING_MAX_LINES },
];

/** Lines of a source file as an editor counts them (a final newline does not start another line). */
export function lineCount(source: string): number {
  return source.replace(/\n$/, '').split('\n').length;
}

/** The lines of a source file longer than LISTING_MAX_COLUMNS characters (code points, as an editor's column counts them). */
export function longLines(source: string): { line: number; length: number }[] {
  return source
    .split('\n')
    .map((text, i) => ({ line: i + 1, length: [...text].length }))
    .filter((l) => l.length > LISTING_MAX_COLUMNS);
}

/** The listing's page name, /code/<name>/ ("train_vae.py" -> "train_vae"). */
export function listingName(file: string): string {
  return file.replace(/\.py$/, '');
}

/** The id of a listing's panel in its chapter ("train_vae.py" -> "code-train_vae"). */
export function listingAnchor(file: string): string {
  return `code-${listingName(file)}`;
}
