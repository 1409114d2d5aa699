// `npm test`: lint and format check, type check of every package, then every test
// (unit, storage on SQLite and PostgreSQL, end to end in Chromium). Lint and types run
// first and stop the run on failure; Vitest's summary line is the last thing printed.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;

function step(label, command, args) {
  process.stdout.write(`\n▶ ${label}\n`);
  const { status, error } = spawnSync(command, args, { stdio: 'inherit' });
  if (error) throw error;
  return status ?? 1;
}

const projects = [
  ...readdirSync('packages').map((name) => `packages/${name}/tsconfig.json`),
  'tsconfig.tools.json',
];

if (step('lint and format (biome)', bin('biome'), ['check', '.']) !== 0) {
  process.stdout.write(
    '\nnpm test: lint failed (run `npx biome check --write .` to fix formatting)\n0 passed, 1 failed\n',
  );
  process.exit(1);
}
for (const project of projects) {
  if (step(`typecheck ${project}`, bin('tsc'), ['-p', project]) !== 0) {
    process.stdout.write(`\nnpm test: type errors in ${project}\n0 passed, 1 failed\n`);
    process.exit(1);
  }
}
const extra = process.argv.slice(2);
// A filtered run (`npm test -- packages/server`) would miss crypto's coverage threshold.
const coverage = extra.length === 0 ? ['--coverage'] : [];
process.stdout.write('\n▶ tests (vitest)\n');
const vitest = spawn(bin('vitest'), ['run', ...coverage, ...extra], {
  stdio: ['inherit', 'pipe', 'inherit'],
});
// Vitest prints its coverage table after the reporters; repeat the summary line last,
// where CI reads it.
let tail = '';
vitest.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-64 * 1024);
});
vitest.on('exit', (code, signal) => {
  const summary = [...tail.matchAll(/^vitest: \d+ passed, \d+ failed, \d+ skipped$/gm)].at(-1)?.[0];
  process.stdout.write(`\n${summary ?? 'vitest: no summary (the run did not finish)'}\n`);
  process.exit(code ?? (signal ? 1 : 0));
});
