/** The two languages every page and email exists in: Indonesian first, English second. */
export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'id';

export function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

/**
 * Picks the reader's language: an explicit choice (`?lang=` or a form field) wins, then the
 * browser's `Accept-Language` (by q-value), then Indonesian.
 */
export function pickLanguage(explicit: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(explicit)) return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().toLowerCase().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { base: tag.split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
      })
      .filter((entry) => entry.q > 0 && !Number.isNaN(entry.q))
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { base } of ranked) if (isLanguage(base)) return base;
  }
  return defaultLanguage;
}

/** A text in both languages. */
export type Bilingual = Record<Language, string>;

/** "A, B atau C" / "A, B or C": choices as a sentence names them. */
export function orList(items: readonly string[], lang: Language): string {
  if (items.length < 2) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${lang === 'id' ? 'atau' : 'or'} ${items.at(-1)}`;
}
