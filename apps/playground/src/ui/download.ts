/** Offers `bytes` to the user as a file download named `fileName`. */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The click has started the download by the next task; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
