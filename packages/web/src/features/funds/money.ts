/** How many minor units a currency has (2 for EUR and RUB, 0 for JPY), as Intl knows it. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** `12.50` (or `12,50`) in a currency → 1250 minor units; NaN when it is not an amount. */
export function toMinor(text: string, currency: string): number {
  const normalised = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return Number.NaN;
  return Math.round(Number(normalised) * 10 ** minorDigits(currency));
}

/** 1250 minor units of EUR → "€12.50" in the UI's language. */
export function formatMoney(amountMinor: number, currency: string, language: string): string {
  const major = amountMinor / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(major);
  } catch {
    return `${major} ${currency}`;
  }
}

/** Minor units back to what an amount field shows (`12.50`). */
export const toMajorText = (amountMinor: number, currency: string) =>
  (amountMinor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency));
