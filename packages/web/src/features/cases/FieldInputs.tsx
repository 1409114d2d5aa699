import type { Compartment } from '@corridor/protocol';
import type { CaseFields } from '@corridor/vault';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { compartmentFields, longFields } from './case-fields.ts';

/** The inputs of one compartment, named `<compartment>.<field>`, prefilled from `values`. */
export function FieldInputs({
  compartment,
  values,
}: {
  compartment: Compartment;
  values?: CaseFields | undefined;
}) {
  const { t } = useTranslation();
  const idPrefix = useId();
  return (
    <>
      {compartmentFields[compartment].map((field) => {
        const name = `${compartment}.${field}`;
        const label = t(`caseFields.${compartment}.${field}`);
        return (
          <div key={name}>
            <label htmlFor={`${idPrefix}-${field}`}>{label}</label>
            {longFields.has(field) ? (
              <textarea
                id={`${idPrefix}-${field}`}
                name={name}
                defaultValue={values?.[field] ?? ''}
                rows={3}
                maxLength={20_000}
              />
            ) : (
              <input
                id={`${idPrefix}-${field}`}
                name={name}
                defaultValue={values?.[field] ?? ''}
                maxLength={500}
                autoComplete="off"
              />
            )}
          </div>
        );
      })}
    </>
  );
}

/** The non-empty fields of one compartment in a submitted form. */
export function readFields(form: FormData, compartment: Compartment): CaseFields {
  const fields: CaseFields = {};
  for (const field of compartmentFields[compartment]) {
    const value = String(form.get(`${compartment}.${field}`) ?? '').trim();
    if (value) fields[field] = value;
  }
  return fields;
}
