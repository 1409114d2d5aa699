import type { ReactNode } from 'react';

// The labelled inputs the violation form and its acts repeat: a date no later than today,
// and a choice from a list (vocabulary terms, the event's persons or acts).

/** A date input inside its label, no later than `max`. */
export function DateField({
  id,
  label,
  max,
  value,
  onChange,
}: {
  readonly id: string;
  readonly label: ReactNode;
  readonly max: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        id={id}
        type="date"
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/**
 * A select with its label, one option a choice; with `placeholder`, a first empty option
 * (nothing chosen yet).
 */
export function ChoiceSelect({
  id,
  label,
  value,
  choices,
  placeholder,
  onChange,
}: {
  readonly id: string;
  readonly label: ReactNode;
  readonly value: string;
  readonly choices: readonly { readonly id: string; readonly label: string }[];
  readonly placeholder?: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </>
  );
}
