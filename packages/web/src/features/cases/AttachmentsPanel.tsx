import type { Compartment } from '@corridor/protocol';
import {
  type Attachment,
  attachmentsOf,
  attachUploaded,
  evidenceOf,
  openAttachment,
  type UploadedFile,
  uploadFile,
} from '@corridor/vault';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../auth/error-message.ts';
import { ErrorAlert } from '../auth/form-parts.tsx';
import { CompartmentSelect } from './CompartmentSelect.tsx';
import type { CasePanelProps } from './case-panel.ts';

const sizeOf = (bytes: number, language: string) =>
  new Intl.NumberFormat(language, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 0,
  }).format(Math.max(1, Math.round(bytes / 1024)));

/**
 * Files on the case. A file is stripped of photo metadata (GPS, camera) and encrypted
 * in this browser under its own key, sent in pieces, and named in the part chosen —
 * only teams holding that part can open it.
 */
export function AttachmentsPanel({ session, view, apply, busy }: CasePanelProps) {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Evidence originals are opened only from the Evidence panel, where every copy is
  // hash-checked and logged in the custody trail: never from here, unlogged.
  const evidenceFiles = new Set(evidenceOf(view).map((item) => item.evidence.attachmentSeq));
  const all = attachmentsOf(view);
  const attachments = all.filter((a) => !evidenceFiles.has(a.seq));
  const evidenceCount = all.length - attachments.length;

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get('file');
    const compartment = String(form.get('compartment')) as Compartment;
    if (!(file instanceof File) || file.size === 0) return;
    // Sent once: if the case changed meanwhile, only the event is written again.
    let uploaded: UploadedFile | null = null;
    void apply(
      async (latest) => {
        uploaded ??= await uploadFile(
          session,
          latest.summary.id,
          { name: file.name, type: file.type, size: file.size, content: file.stream() },
          (sent, total) =>
            setProgress(t('attachments.progress', { percent: Math.floor((100 * sent) / total) })),
        );
        await attachUploaded(session, latest, compartment, uploaded);
        setProgress(null);
        formElement.reset();
      },
      t('attachments.added', { name: file.name }),
    );
  }

  async function download(attachment: Attachment) {
    setError(null);
    try {
      const blob = await new Response(openAttachment(session, attachment)).blob();
      const url = URL.createObjectURL(
        new Blob([blob], { type: attachment.type || 'application/octet-stream' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = attachment.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (caught) {
      setError(errorMessage(t, caught));
    }
  }

  return (
    <section aria-labelledby="attachments-heading" className="panel">
      <h2 id="attachments-heading">{t('attachments.heading')}</h2>
      <ErrorAlert message={error} />
      {attachments.length === 0 && <p>{t('attachments.none')}</p>}
      {evidenceCount > 0 && <p>{t('attachments.evidenceElsewhere', { count: evidenceCount })}</p>}
      <ul>
        {attachments.map((a) => (
          <li key={a.seq}>
            {a.name} · {sizeOf(a.size, i18n.language)} · {t(`compartments.${a.compartment}`)}
            {a.metadataRemoved && ` · ${t('attachments.stripped')}`}{' '}
            <button type="button" onClick={() => void download(a)}>
              {t('attachments.download', { name: a.name })}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={upload} className="inline-form">
        <label>
          {t('attachments.file')}
          <input type="file" name="file" required />
        </label>
        <CompartmentSelect label={t('case.part')} held={view.summary.compartments} />
        <button type="submit" disabled={busy}>
          {t('attachments.upload')}
        </button>
      </form>
      <p role="status">{progress}</p>
    </section>
  );
}
