// Zips for skill tests, made with yazl and read back with yauzl (the libraries Dockhand uses), plus
// hostile ones yazl would refuse to write (`..` paths), made by renaming a placeholder in the bytes.
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  content: string | Buffer;
  /** Unix mode, e.g. 0o120777 for a symbolic link (its content is the target). */
  mode?: number;
}

export async function zipOf(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.content), e.name, { mode: e.mode ?? 0o100644, compress: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/** A zip with an entry named as yazl refuses to (`..`, a leading `/`): written under a placeholder of the same length, then renamed byte for byte. */
export async function zipWithName(name: string, content = 'escaped'): Promise<Buffer> {
  const placeholder = name.replace(/^\//, 'R').replaceAll('.', 'Q');
  const bytes = await zipOf([{ name: placeholder, content }]);
  return Buffer.from(bytes.toString('latin1').replaceAll(placeholder, name), 'latin1');
}

/** A zip's files as name -> text (directories left out). */
export function unzip(bytes: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out: Record<string, string> = {};
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, async (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
          out[entry.fileName] = Buffer.concat(chunks).toString('utf8');
          zip.readEntry();
        });
      });
      zip.readEntry();
    });
  });
}
