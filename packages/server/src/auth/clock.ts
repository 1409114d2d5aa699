/** The time, injectable so tests can move it (invitation expiry, idle sessions). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const later = (now: Date, ms: number): string => new Date(now.getTime() + ms).toISOString();
