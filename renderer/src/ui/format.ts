// How numbers, times and ids read across the app: one place, so every screen says them the same way.

const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat();

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "3 min ago", "yesterday"; `now` is passed in so a list can share one clock. */
export function formatRelative(iso: string, now = Date.now()): string {
  let delta = (Date.parse(iso) - now) / 1000;
  // Within a few seconds either way (clocks and the shared ticker are not exact): now.
  if (delta > -10 && delta < 60) return 'just now';
  for (const [unit, size] of STEPS) {
    if (Math.abs(delta) < size) return relative.format(Math.round(delta), unit);
    delta /= size;
  }
  return formatDate(iso);
}

/** Token counts: "1.2K", "3.4M"; exact below 10,000. */
export const formatTokens = (n: number) => (n < 10_000 ? whole.format(n) : compact.format(n));
export const formatCount = (n: number) => whole.format(n);

/** An estimated cost: cents for small sums, "<$0.01" for dust, "—" when unknown. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '—';
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: usd < 100 ? 2 : 0 }).format(usd);
}

/** An official monetary amount (whole cents as a string, `"150"` is $1.50), as `formatUsd` says dollars. */
export const formatCents = (money: { amount: string }) => formatUsd(Number(money.amount) / 100);

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;
