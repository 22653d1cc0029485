// A file's media type when its upload did not say (clients often send application/octet-stream for
// everything), from its name's extension; the types the model and a browser care about.
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  py: 'text/x-python',
  js: 'text/javascript',
  ts: 'text/x-typescript',
  sh: 'text/x-shellscript',
};

const GENERIC = 'application/octet-stream';
const extensionOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The declared type unless it is missing or generic; then the one its extension implies, else generic. */
export function mediaTypeOf(filename: string, declared?: string): string {
  const d = declared?.split(';')[0]?.trim().toLowerCase();
  if (d && d !== GENERIC && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(d)) return d;
  return BY_EXTENSION[extensionOf(filename)] ?? GENERIC;
}

/** The extension a type is known by, for naming a file that came without a name. */
export function extensionFor(mediaType: string): string {
  const ext = Object.entries(BY_EXTENSION).find(([, t]) => t === mediaType)?.[0];
  return ext ? `.${ext}` : '';
}
