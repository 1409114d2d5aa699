// `npm start` (demo) and `npm run serve` (production): build the staff web app when it
// is missing or older than its sources, then run Corridor. `npm start` runs the CLI's
// demo command, which seeds the demo organisation on an empty data directory;
// `npm run serve` runs the server's production entry point, which never does.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = 'packages/web';
const built = join(web, 'dist', 'index.html');

/** Newest modification time of the files under the given paths. */
function newest(paths) {
  let time = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      time = Math.max(time, newest(readdirSync(path).map((name) => join(path, name))));
    } else {
      time = Math.max(time, stat.mtimeMs);
    }
  }
  return time;
}

const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  'packages/vault/src',
  'packages/protocol/src',
];
if (!existsSync(built) || statSync(built).mtimeMs < newest(sources)) {
  process.stdout.write('Building the staff web app…\n');
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', '@corridor/web'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const mode = process.argv[2] === 'serve' ? 'serve' : 'demo';
const entry =
  mode === 'serve' ? ['packages/server/src/main.ts'] : ['packages/cli/src/main.ts', 'demo'];
const server = spawn(process.execPath, ['--import', 'tsx', ...entry], { stdio: 'inherit' });
// Pass a stop request on and wait for the server to close its database cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
