import { generateBackupCode, type TotpSecret, totpCode } from '@corridor/crypto';
import { type Role, teamDirectoryRoute } from '@corridor/protocol';
import { createInvitation, markDemo, type RunningServer, systemClock } from '@corridor/server';
import {
  createApiClient,
  defaultVocabularies,
  logIn,
  type MemberSession,
  setUpTeam,
  setVocabularyTeam,
  signUp,
} from '@corridor/vault';
import { demoCaseCount, demoRescueCaseTitles, seedDemoCases } from './demo-cases.ts';
import { seedDemoDocumentation } from './demo-documentation.ts';
import { seedDemoRescue } from './demo-rescue.ts';

export interface DemoMember {
  readonly handle: string;
  readonly roles: readonly Role[];
  readonly password: string;
  readonly totpSecret: string;
  readonly totpUri: string;
  readonly backupCodes: readonly string[];
}

/** The synthetic staff of the demo organisation: one per role. No real person. */
const demoStaff: { handle: string; roles: Role[] }[] = [
  { handle: 'admin', roles: ['administrator'] },
  { handle: 'hotline', roles: ['hotline_operator'] },
  { handle: 'coordinator', roles: ['case_coordinator'] },
  { handle: 'shelter', roles: ['shelter_coordinator'] },
  { handle: 'documentation', roles: ['documentation'] },
  { handle: 'analyst', roles: ['analyst'] },
];

/** Teams and their members (the first member makes the team's key). */
const demoTeams: { name: string; members: string[] }[] = [
  { name: 'Hotline', members: ['hotline', 'coordinator'] },
  { name: 'Coordination', members: ['coordinator'] },
  { name: 'Shelters', members: ['shelter', 'coordinator'] },
  { name: 'Documentation', members: ['documentation'] },
  { name: 'Analysis', members: ['analyst'] },
];

/**
 * Fills an empty installation with the demo organisation, through the same client core
 * a browser uses: members sign up with invitations (keys made client-side, TOTP
 * enrolled), log in, and make and share their teams' keys.
 */
export async function seedDemo(server: RunningServer): Promise<DemoMember[]> {
  await markDemo(server.storage);
  const api = createApiClient({ baseUrl: server.staffUrl });
  const members: DemoMember[] = [];
  const sessions = new Map<string, MemberSession>();
  for (const person of demoStaff) {
    const password = `demo-${generateBackupCode()}`;
    const { token } = await createInvitation(server.storage, systemClock, person.roles, 1, null);
    let enrolled = { secret: '', uri: '' };
    const result = await signUp(api, {
      invitationToken: token,
      handle: person.handle,
      password,
      enrolTotp: async (secret, uri) => {
        enrolled = { secret, uri };
        return totpCode(secret as TotpSecret);
      },
    });
    // The enrolment just used this TOTP step; the first login spends a backup code.
    const [first, ...rest] = result.backupCodes;
    sessions.set(
      person.handle,
      await logIn(api, {
        handle: person.handle,
        password,
        secondFactor: { backupCode: first ?? '' },
        deviceLabel: 'demo seeding',
      }),
    );
    members.push({
      ...person,
      password,
      totpSecret: enrolled.secret,
      totpUri: enrolled.uri,
      backupCodes: rest,
    });
  }

  const admin = sessions.get('admin') as MemberSession;
  for (const team of demoTeams) {
    const [firstHandle, ...others] = team.members;
    const first = sessions.get(firstHandle ?? '') as MemberSession;
    await setUpTeam(
      admin,
      team.name,
      first,
      ...others.map((handle) => sessions.get(handle) as MemberSession),
    );
  }
  // The Documentation team keeps the organisation's vocabularies (decision 0052).
  const { teams } = await admin.api.call(teamDirectoryRoute);
  await setVocabularyTeam(admin.api, teams.find((t) => t.name === 'Documentation')?.id ?? null);
  const hotline = sessions.get('hotline') as MemberSession;
  const coordinator = sessions.get('coordinator') as MemberSession;
  const caseIds = await seedDemoCases(hotline, coordinator);
  const caseId = (title: string) => {
    const id = caseIds.get(title);
    if (!id) throw new Error(`demo case "${title}" is missing`);
    return id;
  };
  await seedDemoRescue(
    { admin, hotline, coordinator, shelter: sessions.get('shelter') as MemberSession },
    {
      evacuation: caseId(demoRescueCaseTitles.evacuation),
      shelter: caseId(demoRescueCaseTitles.shelter),
      relocation: caseId(demoRescueCaseTitles.relocation),
    },
  );
  await seedDemoDocumentation(
    sessions.get('documentation') as MemberSession,
    caseIds,
    defaultVocabularies,
  );
  return members;
}

/** The demo credentials as text for the terminal and the data directory. */
export function describeDemo(members: readonly DemoMember[], staffUrl: string): string {
  const lines = [
    'DEMO ORGANISATION — synthetic accounts for trying Corridor. Never use it for real cases.',
    `Staff app: ${staffUrl}`,
    '',
    'Log in with a handle, its password, and a code from an authenticator app',
    '(add the TOTP secret, or scan its otpauth URI), or one of its backup codes.',
    `It holds ${demoCaseCount()} synthetic cases in Russian and English: log in as`,
    '"coordinator" or "hotline" to see them all, as "shelter" to see what a shelter team may.',
    'Rescue operations are filled in too: shelters with a placement, an evacuation plan with',
    'expenses and an overdue check-in (an alarm for "coordinator"), a relocation with',
    'follow-ups, and a referral to a fictional partner.',
    'Twenty documented cases hold testimonies with consent and coded violations (held in',
    'secret prisons in 2017–18): log in as "documentation" to read them, as "analyst" to',
    'build the seeds-shaped report on the Reports page.',
    '',
  ];
  for (const m of members) {
    lines.push(
      `${m.handle.padEnd(14)} ${m.roles.join(', ')}`,
      `  password:     ${m.password}`,
      `  TOTP secret:  ${m.totpSecret}`,
      `  otpauth URI:  ${m.totpUri}`,
      `  backup codes: ${m.backupCodes.slice(0, 3).join('  ')}`,
      '',
    );
  }
  return lines.join('\n');
}
