/**
 * Hands `content` to the browser as a download named `name`: a Blob URL clicked through an
 * `<a download>`. Nothing leaves the machine; the URL is let go a minute later, once the
 * browser has surely taken the bytes.
 */
export function downloadFile(content: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `report-2026-11-26.csv`: a file name from a report title and date, safe on every system. */
export function reportFileName(title: string, date: string, extension: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'report'}-${date}.${extension}`;
}
