import type { ReactNode } from 'react';

/** The narrow panel every sign-in page sits in: a section named by its one heading. */
export function AuthPanel({
  id,
  heading,
  children,
}: {
  id: string;
  heading: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="panel narrow">
      <h1 id={id}>{heading}</h1>
      {children}
    </section>
  );
}
