import { asSymmetricKey, fromBase64, fromUtf8, openSealed } from '@corridor/crypto';
import {
  type Compartment,
  downloadIntakeAttachmentRoute,
  type IntakeFileRecord,
  IntakeFileRecordSchema,
} from '@corridor/protocol';
import { AttachmentError } from '../attachments/attachment-error.ts';
import { attachFile, type UploadedFile } from '../attachments/attachments.ts';
import { decryptingDownload } from '../attachments/decrypting-download.ts';
import { stripImageMetadata } from '../attachments/metadata/strip-metadata.ts';
import type { MemberSession } from '../auth/log-in.ts';
import type { CaseView } from '../cases/cases.ts';

/**
 * A file that came with an inbound message (a Telegram photo or document, an e-mail
 * attachment), as a hotline member sees it: its record opened here from the seal the
 * server made on arrival. `record` is null when it does not open (a key this member does
 * not hold, or changed bytes).
 */
export interface IntakeFile {
  readonly id: string;
  readonly conversationId: string;
  /** Bytes of ciphertext on the server: all the server knows of the file. */
  readonly storedBytes: number;
  readonly record: IntakeFileRecord | null;
}

/** Opens a file's sealed record with the inbox key its message is sealed to. */
export function openIntakeFileRecord(
  key: Parameters<typeof openSealed>[0] | undefined,
  sealed: string,
): IntakeFileRecord | null {
  if (!key) return null;
  try {
    const parsed = IntakeFileRecordSchema.safeParse(
      JSON.parse(fromUtf8(openSealed(key, fromBase64(sealed)))),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The same binding as the server's (`intake/<id>`): chunks of one file cannot pass for another's. */
const intakeFileContext = (id: string) => ({ fileId: `intake/${id}` });

export interface OpenIntakeFileOptions {
  /**
   * Removes EXIF/GPS, XMP and other metadata from JPEG and PNG images after the file is
   * checked against its SHA-256 (default true). The server keeps the original as it
   * came — the hash at capture — because it cannot strip without reading the plaintext;
   * staff get it stripped unless they ask for the original (evidence).
   */
  readonly stripMetadata?: boolean;
}

/**
 * Downloads a file and decrypts it as it arrives, never whole in memory; a connection
 * lost mid-way resumes from where it stopped. The stream errors with a CryptoError when
 * a chunk does not authenticate (a damaged or swapped blob) and with `digest_mismatch`
 * when the whole is not the file recorded on arrival: keep what it gave only once it
 * closes without error.
 */
export function openIntakeFile(
  session: MemberSession,
  file: IntakeFile,
  options: OpenIntakeFileOptions = {},
): ReadableStream<Uint8Array> {
  const record = file.record;
  if (!record) throw new AttachmentError('digest_mismatch', 'this file’s record does not open');
  const checked = decryptingDownload(session.api, {
    route: downloadIntakeAttachmentRoute,
    input: { params: { conversationId: file.conversationId, attachmentId: file.id } },
    key: asSymmetricKey('file', fromBase64(record.key)),
    context: intakeFileContext(file.id),
    size: record.size,
    sha256: record.sha256,
    mismatch: 'the file is not the one that arrived',
  });
  return options.stripMetadata === false
    ? checked
    : checked.pipeThrough(stripImageMetadata().stream);
}

/**
 * Copies a file from the inbox into a case's attachments, in `compartment`: decrypted
 * here, then uploaded like any attachment — metadata removed, a new key, the case's
 * record holding the original's size and SHA-256 (the same as on arrival: the copy's
 * chain of custody).
 */
export async function copyIntakeFileToCase(
  session: MemberSession,
  view: CaseView,
  compartment: Compartment,
  file: IntakeFile,
): Promise<{ version: number; uploaded: UploadedFile }> {
  const record = file.record;
  if (!record) throw new AttachmentError('digest_mismatch', 'this file’s record does not open');
  return attachFile(session, view, compartment, {
    name: record.name,
    type: record.type,
    size: record.size,
    content: openIntakeFile(session, file, { stripMetadata: false }),
  });
}
