/** Saves a blob as a file through the browser's download (in Electron, the app's save dialog). */
function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file. */
export function downloadText(filename: string, text: string, type = 'text/plain'): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves a file core answered with (its content in base64, as downloads travel through the contract). */
export function downloadBase64(filename: string, base64: string, type = 'application/octet-stream'): void {
  downloadBlob(filename, new Blob([Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))], { type }));
}
