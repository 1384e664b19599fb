// The content types the site's files are served with, by extension (as GitHub Pages sends them); shared by the local servers.
/** @type {Record<string, string>} */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.cff': 'text/plain',
};
