import type { Compartment } from '@corridor/protocol';
import { useTranslation } from 'react-i18next';

/** A labelled choice of the case parts the member's teams hold, named `compartment`. */
export function CompartmentSelect({
  label,
  held,
}: {
  label: string;
  held: readonly Compartment[];
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select name="compartment">
        {held.map((compartment) => (
          <option key={compartment} value={compartment}>
            {t(`compartments.${compartment}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
