/** `report-2026-11-26.csv`: a file name from a report title and date, safe on every system. */
export function reportFileName(title: string, date: string, extension: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'report'}-${date}.${extension}`;
}
