import type { CaseMember } from '@corridor/vault';
import { useTranslation } from 'react-i18next';

/**
 * Whom a note mentions: a checkbox per member who can read the case's notes, so it works
 * with Tab and Space and reads out as a group. The form's `mention` values are account ids.
 */
export function MentionPicker({ members }: { members: readonly CaseMember[] | null }) {
  const { t } = useTranslation();
  if (members === null) return null;
  return (
    <fieldset className="choices" aria-describedby="mention-hint">
      <legend>{t('mentions.legend')}</legend>
      <p id="mention-hint" className="hint">
        {members.length === 0 ? t('mentions.nobody') : t('mentions.hint')}
      </p>
      {members.map((member) => (
        <label key={member.accountId}>
          <input type="checkbox" name="mention" value={member.accountId} />
          {member.handle}
        </label>
      ))}
    </fieldset>
  );
}
