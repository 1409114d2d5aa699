import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const biome = join(root, 'node_modules/.bin/biome');
const fixtureDir = `.lint-fixture-${process.pid}`;
const written: string[] = [];

/** Lints one file placed at `path` (relative to a package's src) and returns the rules it broke. */
function brokenRules(packageDir: string, source: string): string[] {
  const file = join(packageDir, 'src', fixtureDir, 'fixture.ts');
  mkdirSync(join(root, dirname(file)), { recursive: true });
  writeFileSync(join(root, file), source);
  written.push(join(root, packageDir, 'src', fixtureDir));
  const { stdout } = spawnSync(biome, ['lint', '--reporter=github', file], {
    cwd: root,
    encoding: 'utf8',
  });
  return [...stdout.matchAll(/title=lint\/\w+\/(\w+)/g)].map((m) => m[1] ?? '');
}

afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

describe('the lint rules enforced by npm test', () => {
  it('let only packages/crypto import libsodium', () => {
    const source = "import sodium from 'libsodium-wrappers-sumo';\nexport const s = sodium;\n";
    expect(brokenRules('packages/crypto', source)).toEqual([]);
    for (const pkg of ['packages/server', 'packages/vault', 'packages/web', 'packages/cli']) {
      expect(brokenRules(pkg, source), pkg).toContain('noRestrictedImports');
    }
  });

  it('keep packages/web away from the server and from crypto', () => {
    for (const target of ['@corridor/server', '@corridor/crypto']) {
      const source = `import * as m from '${target}';\nexport const x = m;\n`;
      expect(brokenRules('packages/web', source), target).toContain('noRestrictedImports');
    }
  });

  it('forbid reaching into another package by relative path', () => {
    const source = "import { x } from '../../../server/src/server.ts';\nexport const y = x;\n";
    expect(brokenRules('packages/vault', source)).toContain('noRestrictedImports');
  });

  it('forbid floating promises and console outside the CLI', () => {
    const source =
      "async function f(): Promise<number> {\n  return 1;\n}\nexport function g(): void {\n  f();\n  console.log('x');\n}\n";
    expect(brokenRules('packages/server', source)).toEqual(
      expect.arrayContaining(['noFloatingPromises', 'noConsole']),
    );
    expect(brokenRules('packages/cli', source)).not.toContain('noConsole');
  });
});
