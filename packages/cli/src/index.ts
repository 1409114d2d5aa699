export { init } from './commands/init.ts';
export { migrate } from './commands/migrate.ts';
export { openReferral, partnerKeygen, ReferralCommandError } from './commands/referral.ts';
export { showConfig } from './commands/show-config.ts';
export { type DemoMember, describeDemo, seedDemo } from './demo/seed-demo.ts';
