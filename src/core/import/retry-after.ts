/**
 * How long a Retry-After header asks to wait, in milliseconds from `now`: a number of seconds
 * or an HTTP date (RFC 9110 §10.2.3). `null` when absent or unreadable; never negative.
 */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  const text = header?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, when - now);
}
