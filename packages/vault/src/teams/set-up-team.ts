import { createTeamRoute, listTeamsRoute } from '@corridor/protocol';
import type { MemberSession } from '../auth/log-in.ts';
import { addTeamMember, initialiseTeamKey } from './team-keys.ts';

/**
 * An administrator makes a team, its first member makes the team key and adds the others:
 * three people's steps, for the demo and test stages where one process holds all their
 * sessions (in the app each takes them in their own browser).
 * @returns the team's id
 */
export async function setUpTeam(
  admin: MemberSession,
  name: string,
  first: MemberSession,
  ...others: readonly MemberSession[]
): Promise<string> {
  const { teamId } = await admin.api.call(createTeamRoute, {
    body: { name, firstMemberId: first.account.id },
  });
  await initialiseTeamKey(first, teamId);
  for (const other of others) {
    const { teams } = await first.api.call(listTeamsRoute);
    const view = teams.find((t) => t.id === teamId);
    if (!view) throw new Error(`${first.account.handle} is not in ${name}`);
    await addTeamMember(first, view, other.account.id);
  }
  return teamId;
}
