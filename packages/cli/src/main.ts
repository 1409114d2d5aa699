import { parseArgs } from 'node:util';
import { describeStartupFailure } from '@corridor/server';
import { demo } from './commands/demo.ts';
import { init } from './commands/init.ts';
import { migrate } from './commands/migrate.ts';
import {
  openReferral,
  partnerKeygen,
  ReferralCommandError,
  readPassword,
} from './commands/referral.ts';
import { showConfig } from './commands/show-config.ts';

const usage = `Usage: corridor <command>

Commands:
  init      prepare a production installation and invite its first administrator
  config    show the configuration from the environment (no credentials)
  migrate   apply pending database migrations
  demo      run Corridor with the demo organisation (what \`npm start\` does)

For partner organisations (docs/operator-guide.md, "Partners"):
  partner keygen --out F
            make a key pair for receiving sealed referral packages
  referral open <file> [--secret-key-file F | --password]
            print a referral package (password from CORRIDOR_REFERRAL_PASSWORD or asked)

Configuration comes from environment variables; see docs/operator-guide.md.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    out: { type: 'string' },
    'secret-key-file': { type: 'string' },
    password: { type: 'boolean' },
  },
});

const [command] = positionals;
if (values.help || command === undefined) {
  console.log(usage);
  process.exit(command === undefined && !values.help ? 2 : 0);
}

try {
  switch (command) {
    case 'config':
      console.log(showConfig(process.env));
      break;
    case 'migrate':
      console.log(await migrate(process.env));
      break;
    case 'init':
      console.log(await init(process.env));
      break;
    case 'demo':
      await demo(process.env);
      break;
    case 'partner': {
      if (positionals[1] !== 'keygen' || !values.out) {
        console.error(`corridor: say \`partner keygen --out <file>\`\n\n${usage}`);
        process.exit(2);
      }
      console.log(await partnerKeygen(values.out));
      break;
    }
    case 'referral': {
      const file = positionals[2];
      const keyFile = values['secret-key-file'];
      if (positionals[1] !== 'open' || !file || Boolean(keyFile) === Boolean(values.password)) {
        console.error(
          `corridor: say \`referral open <file>\` with --secret-key-file F or --password\n\n${usage}`,
        );
        process.exit(2);
      }
      console.log(
        await openReferral(
          file,
          keyFile ? { secretKeyFile: keyFile } : { password: await readPassword(process.env) },
        ),
      );
      break;
    }
    default:
      console.error(`corridor: unknown command "${command}"\n\n${usage}`);
      process.exit(2);
  }
} catch (error) {
  if (error instanceof ReferralCommandError) {
    console.error(`corridor: ${error.message}`);
    process.exit(1);
  }
  console.error(`corridor: ${describeStartupFailure(error)}`);
  process.exit(1);
}
