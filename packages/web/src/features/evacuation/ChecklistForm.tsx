import type { ChecklistItem, ChecklistKind } from '@corridor/vault';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The documents checklist of the route: for each document whether it is required and
 * whether it is in hand. A cross-border leg departs only when every required one is.
 */
export function ChecklistForm({
  checklist,
  kinds,
  busy,
  onSave,
}: {
  checklist: readonly ChecklistItem[];
  kinds: readonly ChecklistKind[];
  busy: boolean;
  onSave: (checklist: ChecklistItem[]) => void;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<ChecklistItem[]>(() => checklist.map((i) => ({ ...i })));
  const [adding, setAdding] = useState<ChecklistKind>('other');
  const dirty = JSON.stringify(items) !== JSON.stringify(checklist);
  const change = (index: number, patch: Partial<ChecklistItem>) =>
    setItems((all) => all.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const name = (item: ChecklistItem) =>
    item.kind === 'other' && item.label
      ? item.label
      : `${t(`evacuation.checklist.${item.kind}`)}${item.label ? ` (${item.label})` : ''}`;

  return (
    <section aria-labelledby="checklist-heading">
      <h3 id="checklist-heading">{t('evacuation.checklistHeading')}</h3>
      <p className="hint">{t('evacuation.checklistHint')}</p>
      <table>
        <caption className="visually-hidden">{t('evacuation.checklistHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evacuation.document')}</th>
            <th scope="col">{t('evacuation.required')}</th>
            <th scope="col">{t('evacuation.done')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('evacuation.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => (
            // Items have no id; their place in the list is who they are until saved.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index}>
              <td>
                {item.kind === 'other' ? (
                  <input
                    aria-label={t('evacuation.otherLabel')}
                    value={item.label}
                    maxLength={200}
                    onChange={(event) => change(index, { label: event.target.value })}
                  />
                ) : (
                  name(item)
                )}
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('evacuation.requiredOf', { item: name(item) })}
                  checked={item.required}
                  onChange={(event) => change(index, { required: event.target.checked })}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('evacuation.doneOf', { item: name(item) })}
                  checked={item.done}
                  onChange={(event) => change(index, { done: event.target.checked })}
                />
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => setItems((all) => all.filter((_, i) => i !== index))}
                >
                  {t('evacuation.removeItem', { item: name(item) })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline-form">
        <label>
          {t('evacuation.addItemKind')}
          <select
            value={adding}
            onChange={(event) => setAdding(event.target.value as ChecklistKind)}
          >
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`evacuation.checklist.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            setItems((all) => [...all, { kind: adding, label: '', required: true, done: false }])
          }
        >
          {t('evacuation.addItem')}
        </button>
        {/* Shown only with changes to save, so the case page has one "Save" less to confuse. */}
        {dirty && (
          <button type="button" disabled={busy} onClick={() => onSave(items)}>
            {t('evacuation.saveChecklist')}
          </button>
        )}
      </div>
    </section>
  );
}
