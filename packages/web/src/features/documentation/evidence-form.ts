import type { EvidenceCapture } from '@corridor/vault';

/** What the capture form refuses before anything is uploaded, by record path. */
export interface CaptureRefusal {
  readonly code: 'text_required' | 'evidence_needs_file_or_url' | 'url_invalid';
  readonly path: string | null;
}

/**
 * The capture a form states, or the first thing missing from it. Fields: `kind` (`file`
 * or `link`), `file` (for a link, a saved copy of the page, if any), `url`, `title`,
 * `source`, `method`, `eventId`, `actId` (one per ticked act). Each call opens the file afresh (`file.stream()` reads once), so
 * a capture replayed after a conflict reads it again.
 */
export function readCapture(form: FormData): EvidenceCapture | CaptureRefusal {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const title = text('title');
  const source = text('source');
  const method = text('method');
  if (title === '') return { code: 'text_required', path: 'title' };
  if (source === '') return { code: 'text_required', path: 'source' };
  if (method === '') return { code: 'text_required', path: 'method' };
  const eventId = text('eventId') || null;
  const base = {
    title,
    source,
    method,
    eventId,
    actIds: eventId === null ? [] : form.getAll('actId').map(String),
  };
  const chosen = form.get('file');
  const file =
    chosen instanceof File && chosen.size > 0
      ? { name: chosen.name, type: chosen.type, size: chosen.size, content: chosen.stream() }
      : null;
  if (form.get('kind') === 'link') {
    const url = text('url');
    if (url === '') return { code: 'evidence_needs_file_or_url', path: 'url' };
    if (!isWebAddress(url)) return { code: 'url_invalid', path: 'url' };
    // A saved copy of the page, when there is one, is kept with the link.
    return file === null ? { ...base, url } : { ...base, url, file };
  }
  if (file === null) return { code: 'evidence_needs_file_or_url', path: 'file' };
  return { ...base, file };
}

export const isRefusal = (value: EvidenceCapture | CaptureRefusal): value is CaptureRefusal =>
  'code' in value;

/** An absolute http(s) address: what a link to evidence must be. */
function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
