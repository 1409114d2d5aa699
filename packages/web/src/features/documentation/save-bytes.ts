/** Hands bytes to the browser as a download named `name`; nothing leaves the device. */
export function saveBytes(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: type || 'application/octet-stream' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked later: the download starts after this task, and needs the URL until then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
