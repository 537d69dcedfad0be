import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../shared/kernel/i18n.js';
import { endOfTerm, formatDate, formatDateTime } from '../../shared/kernel/time.js';

describe('pickLanguage', () => {
  it('lets an explicit choice win over the browser', () => {
    expect(pickLanguage('en', 'id')).toBe('en');
    expect(pickLanguage('id', 'en-US,en;q=0.9')).toBe('id');
  });

  it('ignores an explicit value that is not a supported language', () => {
    expect(pickLanguage('fr', 'en')).toBe('en');
    expect(pickLanguage('', undefined)).toBe('id');
  });

  it('takes the first supported language by q-value', () => {
    expect(pickLanguage(undefined, 'en-US,en;q=0.9,id;q=0.8')).toBe('en');
  });

  it('prefers a higher q-value over an earlier position', () => {
    expect(pickLanguage(undefined, 'id;q=0.5, en;q=0.8')).toBe('en');
  });

  it('skips unsupported languages', () => {
    expect(pickLanguage(undefined, 'fr, id;q=0.5')).toBe('id');
  });

  it('matches a regional tag by its base language, whatever its case', () => {
    expect(pickLanguage(undefined, 'EN-gb')).toBe('en');
    expect(pickLanguage(undefined, 'id-ID')).toBe('id');
  });

  it('falls back to Indonesian when no supported language is accepted', () => {
    expect(pickLanguage(undefined, 'fr')).toBe('id');
  });

  it('treats q=0 as "not acceptable"', () => {
    expect(pickLanguage(undefined, 'en;q=0')).toBe('id');
    expect(pickLanguage(undefined, 'en;q=0, id;q=0.1')).toBe('id');
  });

  it('falls back to Indonesian without any hint', () => {
    expect(pickLanguage(undefined, undefined)).toBe('id');
    expect(pickLanguage(undefined, '')).toBe('id');
  });
});

describe('formatDateTime', () => {
  it('shows a UTC instant in WIB (UTC+7), in Indonesian', () => {
    const shown = formatDateTime('2027-02-01T03:00:00Z', 'id');

    expect(shown).toContain('10.00');
    expect(shown).toContain('Februari 2027');
    expect(shown).toMatch(/WIB$/);
  });

  it('shows a UTC instant in WIB (UTC+7), in English', () => {
    const shown = formatDateTime('2027-02-01T03:00:00Z', 'en');

    expect(shown).toContain('10:00');
    expect(shown).toContain('February 2027');
    expect(shown).toMatch(/WIB$/);
  });

  it('moves to the next day when the WIB clock has passed midnight', () => {
    const shown = formatDateTime('2027-01-31T18:00:00Z', 'en');

    expect(shown).toContain('1 February 2027');
    expect(shown).toContain('01:00');
  });
});

describe('formatDate', () => {
  it('shows a calendar date without shifting it to another day', () => {
    expect(formatDate('2027-02-01', 'id')).toBe('1 Februari 2027');
    expect(formatDate('2027-02-01', 'en')).toBe('1 February 2027');
  });

  it('shows the last day of a month as that day', () => {
    expect(formatDate('2027-12-31', 'en')).toBe('31 December 2027');
  });
});

describe('endOfTerm', () => {
  it('ends a 24-month term starting on 1 February on 31 January two years later', () => {
    expect(endOfTerm('2027-02-01', 24)).toBe('2029-01-31');
  });

  it('ends a 1-month term starting on the 1st on the last day of that month', () => {
    expect(endOfTerm('2027-02-01', 1)).toBe('2027-02-28');
    expect(endOfTerm('2028-02-01', 1)).toBe('2028-02-29');
  });

  it('ends a 12-month term starting on 29 February on 28 February of the next year', () => {
    expect(endOfTerm('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('adds whole months and steps back one day even when the month is shorter: 31 January + 1 month ends on 2 March', () => {
    // 31 February does not exist, so the month sum rolls over to 3 March; the term ends the day before.
    expect(endOfTerm('2027-01-31', 1)).toBe('2027-03-02');
  });

  it('crosses the end of a year', () => {
    expect(endOfTerm('2027-11-15', 3)).toBe('2028-02-14');
  });
});
