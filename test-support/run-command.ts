import { spawn } from 'node:child_process';

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point as `npm start` would (node with tsx) and returns how it
 * ended; with `untilOutput`, sends SIGTERM once stdout matches it.
 */
export function runEntryPoint(
  file: string,
  args: string[],
  env: Record<string, string>,
  untilOutput?: RegExp,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      env: { PATH: process.env.PATH ?? '', CORRIDOR_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilOutput?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The lines of stderr the program wrote itself: Node's own warnings are not ours. */
export const ourLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.startsWith('corridor:'));
