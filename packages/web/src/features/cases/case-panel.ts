import type { CaseView, MemberSession } from '@corridor/vault';

/**
 * The case page's way to make a change: run against the view the member saw, replayed on a
 * fresh view after a conflict, then the status line says `done`.
 */
export type ApplyChange = (
  change: (view: CaseView) => Promise<unknown>,
  done: string,
) => Promise<void>;

/** What every panel of the case page is given. */
export interface CasePanelProps {
  readonly session: MemberSession;
  readonly view: CaseView;
  readonly apply: ApplyChange;
  readonly busy: boolean;
}
