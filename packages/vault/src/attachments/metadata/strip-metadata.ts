import { JpegMetadataStripper } from './jpeg-metadata.ts';
import { PngMetadataStripper, pngSignature } from './png-metadata.ts';

/** The image formats whose metadata Corridor removes. */
export type StrippedFormat = 'jpeg' | 'png';

interface Stripper {
  push(chunk: Uint8Array): Uint8Array[];
  end(): Uint8Array[];
}

const sniffBytes = 8;

/** Recognises a format by its first bytes, whatever the file's name or stated type says. */
function sniff(head: Uint8Array): StrippedFormat | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (pngSignature.every((byte, i) => head[i] === byte)) return 'png';
  return null;
}

/**
 * A transform that removes location and other metadata from JPEG and PNG images as they
 * stream (see JpegMetadataStripper, PngMetadataStripper), recognised by content, not by
 * name. Other files pass unchanged. `format()` tells, once the stream has begun, what
 * was recognised. The stream errors with `image_unreadable` on an image it cannot parse:
 * better not to send it than to send it with its location.
 */
export function stripImageMetadata(): {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  format(): StrippedFormat | null;
} {
  let head = new Uint8Array(0);
  let format: StrippedFormat | null = null;
  let stripper: Stripper | null = null;
  let decided = false;

  const decide = (controller: TransformStreamDefaultController<Uint8Array>) => {
    decided = true;
    format = sniff(head);
    if (format === 'jpeg') stripper = new JpegMetadataStripper();
    if (format === 'png') stripper = new PngMetadataStripper();
    pass(head, controller);
  };
  const pass = (chunk: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (!stripper) {
      if (chunk.length > 0) controller.enqueue(chunk);
      return;
    }
    for (const piece of stripper.push(chunk)) controller.enqueue(piece);
  };

  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (decided) return pass(chunk, controller);
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      head = joined;
      if (head.length >= sniffBytes) decide(controller);
    },
    flush(controller) {
      if (!decided) decide(controller);
      for (const piece of (stripper as Stripper | null)?.end() ?? []) controller.enqueue(piece);
    },
  });
  return { stream, format: () => format };
}

/** The same over bytes in memory: small images, and tests. */
export function stripMetadataFromBytes(bytes: Uint8Array): {
  bytes: Uint8Array;
  format: StrippedFormat | null;
} {
  const format = sniff(bytes.subarray(0, sniffBytes));
  const stripper =
    format === 'jpeg'
      ? new JpegMetadataStripper()
      : format === 'png'
        ? new PngMetadataStripper()
        : null;
  if (!stripper) return { bytes, format };
  const pieces = [...stripper.push(bytes), ...stripper.end()];
  const out = new Uint8Array(pieces.reduce((n, piece) => n + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return { bytes: out, format };
}
