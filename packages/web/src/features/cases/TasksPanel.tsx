import { addTask, type CaseView, completeTask, type MemberSession } from '@corridor/vault';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyChange as Apply } from './case-panel.ts';

/**
 * Tasks on the case: what to do (encrypted), by when and by whom (the server knows
 * these two, to list overdue cases).
 */
export function TasksPanel({
  session,
  view,
  apply,
  busy,
  handleOf,
}: {
  session: MemberSession;
  view: CaseView;
  apply: Apply;
  busy: boolean;
  handleOf: (accountId: string | null) => string;
}) {
  const { t, i18n } = useTranslation();
  const now = Date.now();
  const open = view.tasks.filter((task) => task.doneAt === null);
  const done = view.tasks.filter((task) => task.doneAt !== null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = String(form.get('task') ?? '').trim();
    const due = String(form.get('due') ?? '');
    if (!text || !due) return;
    void apply(
      (v) =>
        addTask(session, v, {
          text,
          dueAt: new Date(due).toISOString(),
          assigneeId: form.get('mine') === 'on' ? session.account.id : null,
        }),
      t('tasks.added'),
    ).then(() => formElement.reset());
  }

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="tasks-heading" className="panel">
      <h2 id="tasks-heading">{t('tasks.heading')}</h2>
      {open.length === 0 && <p>{t('tasks.none')}</p>}
      <ul>
        {open.map((task) => (
          <li key={task.id}>
            {task.text ?? t('case.sealed')} · {t('tasks.due', { when: when(task.dueAt) })}
            {Date.parse(task.dueAt) < now && <strong> · {t('tasks.overdue')}</strong>}
            {task.assigneeId && ` · ${handleOf(task.assigneeId)}`}{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void apply((v) => completeTask(session, v, task.id), t('tasks.completed'))
              }
            >
              {t('tasks.done', { task: task.text ?? '' })}
            </button>
          </li>
        ))}
      </ul>
      {done.length > 0 && (
        <details>
          <summary>{t('tasks.doneHeading', { count: done.length })}</summary>
          <ul>
            {done.map((task) => (
              <li key={task.id}>
                <s>{task.text}</s> · {handleOf(task.doneBy)} · {when(task.doneAt ?? '')}
              </li>
            ))}
          </ul>
        </details>
      )}
      <form onSubmit={submit}>
        <label>
          {t('tasks.new')}
          <input name="task" required maxLength={500} autoComplete="off" />
        </label>
        <label>
          {t('tasks.dueLabel')}
          <input name="due" type="datetime-local" required />
        </label>
        <label className="checkbox">
          <input type="checkbox" name="mine" defaultChecked />
          {t('tasks.mine')}
        </label>
        <button type="submit" disabled={busy}>
          {t('tasks.add')}
        </button>
      </form>
    </section>
  );
}
