import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Link tokens.
 *
 * A link token is the HMAC-SHA-256 of what the link is for (a purpose and the id of the step it
 * belongs to) under the deployment's link secret: 256 bits that nobody can guess without the
 * secret, and that the system can mint again for the same step. That is what lets a reminder
 * send *the same link* again while the database keeps only the token's SHA-256 hash, and what
 * makes a retried workflow task land on the same link instead of making a second one.
 *
 * The secret has key versions, so it can be rotated. Version 1 is the plain secret of before
 * versions, and its tokens carry no version (links sent then keep working); a token of a later
 * version starts with it, `2.` + 43 characters ('.' is not base64url). Because tokens are
 * minted again from ids, a subject keeps minting with the version it was created under.
 */
export type LinkPurpose = 'decision' | 'track' | 'edit' | 'partner' | 'report' | 'confirm';

/** The link secret: its keys by version, and the version new subjects are created under. */
export interface LinkKeyring {
  readonly current: string;
  readonly keys: Readonly<Record<string, string>>;
}

/**
 * What links are minted for (a proposal, an application, a placement, a partnership), as far as
 * minting goes: the key version it was created under, '1' when it was made before key versions.
 */
export interface Keyed {
  keyVersion?: string;
}

/** The token of a subject's link for `purpose` at `stepId`, under the key version the subject was created under. */
export function mintToken(secret: LinkKeyring, subject: Keyed, purpose: LinkPurpose, stepId: string): string {
  const version = subject.keyVersion ?? '1';
  const key = secret.keys[version];
  if (key === undefined) throw new Error(`The link secret has no key of version ${version}`);
  const mac = createHmac('sha256', key).update(`${purpose}\n${stepId}`).digest('base64url');
  return version === '1' ? mac : `${version}.${mac}`;
}

/** What the database keys a link by: the SHA-256 of the token, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as it can appear in a path: 43 base64url characters (256 bits), after its key version from 2 on. */
export const tokenPattern = '^(?:(?:[2-9]|[1-9][0-9]{1,3})\\.)?[A-Za-z0-9_-]{43}$';
const wellFormed = new RegExp(tokenPattern);

/** Whether a token has the shape `tokenPattern` describes. */
export function isWellFormedToken(token: string): boolean {
  return wellFormed.test(token);
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
