import type { DirectoryTeam, Shelter, ShelterInput } from '@corridor/vault';
import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Adds a shelter (no `shelter`) or edits one. Beds are typed one label per line; a line
 * whose label an existing bed has keeps that bed (and who stays in it).
 */
export function ShelterForm({
  teams,
  shelter,
  busy,
  onSave,
}: {
  /** The member's teams a new shelter can belong to; unused when editing. */
  teams: readonly DirectoryTeam[];
  shelter?: Shelter;
  busy: boolean;
  onSave: (team: DirectoryTeam, input: ShelterInput, form: HTMLFormElement) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const content = shelter?.content;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const teamId = shelter?.teamId ?? String(form.get('team'));
    const team = teams.find((d) => d.id === teamId);
    if (!team) return;
    const labels = String(form.get('beds') ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const unused = [...(shelter?.beds ?? [])];
    const beds = labels.map((label) => {
      const at = unused.findIndex((b) => b.label === label);
      const existing = at >= 0 ? unused.splice(at, 1)[0] : undefined;
      return existing ? { id: existing.id, label } : { label };
    });
    const text = (name: string) => String(form.get(name) ?? '');
    onSave(
      team,
      {
        code: text('code').trim(),
        beds,
        content: {
          address: text('address'),
          rules: text('rules'),
          keeper: text('keeper'),
          notes: text('notes'),
        },
      },
      formElement,
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        {shelter ? t('shelters.editHeading', { code: shelter.code }) : t('shelters.addHeading')}
      </h3>
      {!shelter && (
        <label>
          {t('shelters.team')}
          <select name="team" required>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('shelters.code')}
        <input
          name="code"
          required
          maxLength={40}
          defaultValue={shelter?.code}
          aria-describedby={`${id}-code-hint`}
          autoComplete="off"
        />
      </label>
      <p id={`${id}-code-hint`} className="hint">
        {t('shelters.codeHint')}
      </p>
      <label>
        {t('shelters.address')}
        <textarea name="address" required rows={2} defaultValue={content?.address} />
      </label>
      <label>
        {t('shelters.rules')}
        <textarea name="rules" rows={3} defaultValue={content?.rules} />
      </label>
      <label>
        {t('shelters.keeper')}
        <input name="keeper" defaultValue={content?.keeper} autoComplete="off" />
      </label>
      <label>
        {t('shelters.notes')}
        <textarea name="notes" rows={2} defaultValue={content?.notes} />
      </label>
      <label>
        {t('shelters.beds')}
        <textarea
          name="beds"
          required
          rows={4}
          defaultValue={shelter?.beds.map((b) => b.label).join('\n')}
          aria-describedby={`${id}-beds-hint`}
        />
      </label>
      <p id={`${id}-beds-hint`} className="hint">
        {t('shelters.bedsHint')}
      </p>
      <button type="submit" disabled={busy}>
        {shelter ? t('shelters.save') : t('shelters.add')}
      </button>
    </form>
  );
}
