// Runs every benchmark once, briefly, to prove it still works and ends with its JSON
// line. It asserts nothing about speed (figures come from `npm run bench:<name>`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const scripts = Object.entries(
  (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts,
).filter(([name]) => name.startsWith('bench:'));

function run(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [tool, ...args] = command.split(' ');
    const child = spawn(`${root}node_modules/.bin/${tool}`, args, {
      cwd: root,
      env: { ...process.env, CORRIDOR_BENCH_QUICK: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('every benchmark', () => {
  it('is listed', () => {
    expect(scripts.map(([name]) => name).sort()).toEqual([
      'bench:crypto',
      'bench:intake',
      'bench:kdf',
      'bench:report',
      'bench:storage',
      'bench:unlock',
      'bench:unlock:browser',
    ]);
  });

  it.each(scripts)(
    '%s runs and ends with a JSON line naming a ratio against its baseline',
    async (_name, command) => {
      const { code, stdout, stderr } = await run(command);
      expect(code, stderr).toBe(0);
      const last = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
      expect(typeof last.bench).toBe('string');
      expect(typeof last.ratio).toBe('number');
      // Named by its name, or (bench:unlock, one run of each) by its time.
      expect(typeof last.baseline === 'string' || typeof last.rawMs === 'number').toBe(true);
    },
    120_000,
  );
});
