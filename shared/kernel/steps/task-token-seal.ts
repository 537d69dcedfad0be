import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Task tokens sealed at rest. A step link's record keeps the Step Functions task token it
 * completes sealed with AES-256-GCM under a key derived (HKDF-SHA-256) from the link's own
 * token. The table holds only the SHA-256 of that token, so a dump of it opens no wait. Whoever
 * holds the token opens the seal: the person's POST carries it, and a task function mints it
 * again from the link's step (it holds the link secret). A link stored before task tokens were
 * sealed holds its task token plain; `openTaskToken` answers that one as it is.
 */

/** Marks a sealed value; a plain task token (base64, no dot) never starts with it. */
const SEALED = 'gcm1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keyOf = (linkToken: string) => Buffer.from(hkdfSync('sha256', linkToken, Buffer.alloc(0), 'sinergi/task-token/v1', 32));

/** Seals a task token under the key of a link's token (a fresh IV each time). */
export function sealTaskToken(taskToken: string, linkToken: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(linkToken), iv);
  const sealed = Buffer.concat([cipher.update(taskToken, 'utf8'), cipher.final()]);
  return `${SEALED}${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Thrown when a sealed task token does not open with the token given: another link's, or altered. */
export class SealError extends Error {
  override readonly name = 'SealError';
}

/** The task token a link's stored value holds: opened with the link's token, or as it is when stored before sealing. */
export function openTaskToken(stored: string, linkToken: string): string {
  if (!stored.startsWith(SEALED)) return stored;
  const bytes = Buffer.from(stored.slice(SEALED.length), 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new SealError('The sealed task token is truncated');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(linkToken), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('The sealed task token does not open with this link');
  }
}
