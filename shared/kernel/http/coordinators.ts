import { ForbiddenError } from '../errors.js';
import type { Language } from '../i18n.js';

/** The user-pool group whose members may use the coordinators' API. */
export const COORDINATORS_GROUP = 'coordinators';

/**
 * The groups a token puts its holder in. API Gateway passes a list claim as a string
 * (`[coordinators admins]`); other callers may pass a list or a JSON array.
 */
export function groupsOf(claims: Record<string, unknown> | undefined): string[] {
  const value = claims?.['cognito:groups'];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('["')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (Array.isArray(parsed)) return parsed.filter((g): g is string => typeof g === 'string');
    } catch {
      // not JSON after all: read it as API Gateway writes it
    }
  }
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter((g) => g !== '');
}

/** Only members of the coordinators' group may read the lists; anyone else gets 403. */
export function requireCoordinator(claims: Record<string, unknown> | undefined, lang: Language): void {
  if (!groupsOf(claims).includes(COORDINATORS_GROUP))
    throw new ForbiddenError(lang === 'id' ? 'Hanya koordinator BKPSDM yang dapat membuka daftar ini.' : 'Only BKPSDM coordinators can open this list.');
}
