import {
  type FundsThreshold,
  getFundsSettingRoute,
  putFundsThresholdRoute,
} from '@corridor/protocol';
import type { ApiClient } from '../api/api-client.ts';

/** The organisation's approval threshold, as every member reads it. */
export async function fundsThreshold(api: ApiClient): Promise<FundsThreshold> {
  return (await api.call(getFundsSettingRoute)).threshold;
}

/** Sets the threshold (administrators only; the server asks for a recent password). */
export async function setFundsThreshold(
  api: ApiClient,
  threshold: FundsThreshold,
): Promise<FundsThreshold> {
  return (await api.call(putFundsThresholdRoute, { body: threshold })).threshold;
}
