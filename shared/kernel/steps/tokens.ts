import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Link tokens.
 *
 * A link token is the HMAC-SHA-256 of what the link is for (a purpose and the id of the step it
 * belongs to) under the deployment's link secret: 256 bits that nobody can guess without the
 * secret, and that the system can mint again for the same step. That is what lets a reminder
 * send *the same link* again while the database keeps only the token's SHA-256 hash, and what
 * makes a retried workflow task land on the same link instead of making a second one.
 */
export type LinkPurpose = 'decision' | 'track' | 'edit' | 'partner' | 'report' | 'confirm';

export function mintToken(secret: string, purpose: LinkPurpose, stepId: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${stepId}`).digest('base64url');
}

/** What the database keys a link by: the SHA-256 of the token, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as it can appear in a path: 43 base64url characters (256 bits). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * The anti-forgery value of a decision page: bound to the link and to the moment the page was
 * shown, signed with a secret only the link's record holds. A POST must carry one that is valid
 * and not older than `maxAgeMs`.
 */
export function pageProof(pageSecret: string, issuedAtMs: number): string {
  const mac = createHmac('sha256', pageSecret).update(String(issuedAtMs)).digest('base64url');
  return `${issuedAtMs}.${mac}`;
}

export function isValidPageProof(pageSecret: string, proof: string, nowMs: number, maxAgeMs: number): boolean {
  const match = /^(\d{10,16})\.([A-Za-z0-9_-]{43})$/.exec(proof);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (issuedAt > nowMs + 60_000 || nowMs - issuedAt > maxAgeMs) return false;
  const expected = Buffer.from(pageProof(pageSecret, issuedAt));
  const given = Buffer.from(proof);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
