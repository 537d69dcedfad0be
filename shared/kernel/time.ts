import type { Language } from './i18n.js';

/** The city runs on WIB (UTC+7): times are stored in UTC and shown in WIB. */
const zone = 'Asia/Jakarta';

const dateTime: Record<Language, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }),
};
const dateOnly: Record<Language, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};

/** `2027-02-01T03:00:00Z` → "1 Februari 2027 pukul 10.00 WIB". */
export function formatDateTime(iso: string, lang: Language): string {
  return `${dateTime[lang].format(new Date(iso))} WIB`;
}

/** A calendar date (`YYYY-MM-DD`), shown without any time-zone shift. */
export function formatDate(isoDate: string, lang: Language): string {
  return dateOnly[lang].format(new Date(`${isoDate}T00:00:00Z`));
}

/** Adds whole months to a calendar date and steps back one day: the last day of a term. */
export function endOfTerm(startDate: string, months: number): string {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** Today's date in WIB, as YYYY-MM-DD. */
export function todayInWib(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** The first instant of a calendar date in WIB (00:00 WIB), as an ISO instant in UTC. */
export function startOfDayWib(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00+07:00`)).toISOString();
}

/** The first instant after a calendar date in WIB: when a placement that ends that day is over. */
export function endOfDayWib(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00+07:00`) + 86_400_000).toISOString();
}

/** The clock port: the domain asks it for "now" so tests can fix time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
