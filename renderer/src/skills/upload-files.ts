// What a skill upload is made of, from a chosen folder (`webkitdirectory`), a chosen zip, or a drop
// (a folder walked through its entries, or loose files): each file with its path under the folder,
// as core expects its parts named. Read into base64 with progress, for the contract's inline files.
import type { UploadFile } from '../data/index.ts';

export interface Picked {
  file: File;
  /** `csv-report/SKILL.md`, or the zip's own name. */
  path: string;
}

/**
 * The most one upload may be before base64 (the local API takes JSON bodies of 8 MB; base64 is 4/3 of
 * the bytes). Larger skills go through the HTTP API's multipart route, which streams.
 */
export const MAX_UPLOAD_BYTES = 5_500_000;

/** The files of an `<input type=file>`: a folder's (with their relative paths) or the one zip. */
export function fromInput(list: FileList | null): Picked[] {
  return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

type Entry = FileSystemEntry;
const isDir = (e: Entry): e is FileSystemDirectoryEntry => e.isDirectory;
const isFile = (e: Entry): e is FileSystemFileEntry => e.isFile;

async function walk(entry: Entry, out: Picked[]): Promise<void> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
  } else if (isDir(entry)) {
    const reader = entry.createReader();
    // readEntries answers in batches until an empty one.
    for (;;) {
      const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await walk(child, out);
    }
  }
}

/** What was dropped: folders walked whole, files as they are. Entries are taken before the first await (the drop's data goes after it). */
export async function fromDrop(data: DataTransfer): Promise<Picked[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is Entry => Boolean(e));
  // Only a folder needs its entries walked; loose files (a zip) are read as they are.
  if (!entries.some(isDir)) return fromInput(data.files);
  const out: Picked[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

export const isZip = (picked: readonly Picked[]) => picked.length === 1 && /\.zip$/i.test(picked[0]!.path);

/** What the upload is, in a few words: "csv-report/ · 3 files · 4 KB" or "csv-report.zip · 12 KB". */
export function describe(picked: readonly Picked[]): string {
  const bytes = picked.reduce((n, p) => n + p.file.size, 0);
  const size = bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (isZip(picked)) return `${picked[0]!.path} · ${size}`;
  const top = new Set(picked.map((p) => p.path.split('/')[0]));
  const folder = top.size === 1 && picked[0]!.path.includes('/') ? `${[...top][0]}/ · ` : '';
  return `${folder}${picked.length} file${picked.length === 1 ? '' : 's'} · ${size}`;
}

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });

/** Reads every file into base64, telling `onProgress` the share of bytes read (0 to 1). */
export async function readAll(picked: readonly Picked[], onProgress: (share: number) => void): Promise<UploadFile[]> {
  const total = picked.reduce((n, p) => n + p.file.size, 0) || 1;
  let done = 0;
  const out: UploadFile[] = [];
  for (const p of picked) {
    out.push({ path: p.path, base64: await toBase64(p.file) });
    done += p.file.size;
    onProgress(done / total);
  }
  return out;
}
