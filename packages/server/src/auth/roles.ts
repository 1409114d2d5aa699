import { type Role, RoleSchema } from '@corridor/protocol';
import type { Storage } from '../storage/storage.ts';

/** An account's roles, read from `account_role`, in a stable order. */
export async function rolesOf(storage: Storage, accountId: string): Promise<Role[]> {
  const rows = await storage.db
    .selectFrom('account_role')
    .select('role')
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((row) => RoleSchema.parse(row.role)).sort();
}

/** Every account's roles, grouped by account in one pass. */
export async function rolesByAccount(storage: Storage): Promise<Map<string, Role[]>> {
  const rows = await storage.db.selectFrom('account_role').select(['account_id', 'role']).execute();
  const byAccount = new Map<string, Role[]>();
  for (const row of rows) {
    const roles = byAccount.get(row.account_id) ?? [];
    roles.push(RoleSchema.parse(row.role));
    byAccount.set(row.account_id, roles);
  }
  for (const roles of byAccount.values()) roles.sort();
  return byAccount;
}
