import { z } from 'zod';

export const TotpCodeSchema = z.string().regex(/^\d{6}$/, 'six digits');
export const BackupCodeSchema = z.string().min(8).max(40);

/** A second factor typed in: a code from the authenticator app, or a backup code. */
export const CodeFactorSchema = z.union([
  z.object({ totpCode: TotpCodeSchema }),
  z.object({ backupCode: BackupCodeSchema }),
]);
