import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';

import './provided-context.ts';

/**
 * One real PostgreSQL server for the whole run, in a child process (see
 * postgres-process.ts); each test file makes its own database in it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./postgres-process.ts', import.meta.url).pathname],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { adminUrl: string }).adminUrl));
    child.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited early (code ${code})`)),
    );
  });
  project.provide('postgresAdminUrl', await ready);
  return async () => {
    const exited = once(child, 'exit');
    child.stdin.end();
    await exited;
  };
}
