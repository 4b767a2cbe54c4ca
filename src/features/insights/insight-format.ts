import { type Guarded, showGuarded } from '#features/aggregates/privacy.ts';

/** "under an hour", "5 hours", "2.5 days". */
export function formatHours(hours: number): string {
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${Math.round(hours)} ${Math.round(hours) === 1 ? 'hour' : 'hours'}`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** 0.823 → "82%". */
export function formatShare(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** 4.456 → "4.5 / 5". */
export function formatRating(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1)} / 5`;
}

/** A guarded figure as text, or "fewer than 5". */
export function show<T>(figure: Guarded<T>, format: (value: T) => string): string {
  return showGuarded(figure, format);
}

/** The value of a guarded number for a chart (null when hidden). */
export function chartValue(figure: Guarded<number>): number | null {
  return figure.shown ? figure.value : null;
}
