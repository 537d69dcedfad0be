import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { ValidationError } from '../errors.js';
import type { Language } from '../i18n.js';
import { bilingual } from '../validation.js';

/** Where a page of a list ended: its last item, by creation time and id (the index's sort key). */
export interface ListPosition {
  createdAt: string;
  id: string;
}

/** The query parameters of every paged list: how many items a page holds, and where it starts. */
export const pageQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9_-]{1,1024}$/,
          bilingual('Kursor tidak valid; mulai lagi dari halaman pertama.', 'Invalid cursor; start again from the first page.'),
        ),
      ),
  ),
};

// Cursors: where the next page starts, signed so a client can hand one back but not make one up.

const MAC_BYTES = 16;
const CursorPayload = z.tuple([z.string().check(z.maxLength(100)), z.iso.datetime(), z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))]);

/** The MAC of a cursor's payload under the cursor key. */
function cursorMac(secret: string, payload: Buffer): Buffer {
  const key = createHmac('sha256', secret).update('coordinator-list-cursor').digest();
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}

/** An opaque base64url cursor for the page of the list `scope` (a status, a placement) that starts after `position`. */
export function signCursor(secret: string, scope: string, position: ListPosition): string {
  const payload = Buffer.from(JSON.stringify([scope, position.createdAt, position.id]), 'utf8');
  return Buffer.concat([cursorMac(secret, payload), payload]).toString('base64url');
}

/** The position a cursor of the list `scope` stands for, or undefined when it is not genuine or is another list's. */
export function openCursor(secret: string, scope: string, cursor: string): ListPosition | undefined {
  const raw = Buffer.from(cursor, 'base64url');
  // Node's decoder skips what is not base64url; a cursor must survive the round trip exactly.
  if (raw.length <= MAC_BYTES || raw.toString('base64url') !== cursor) return undefined;
  const mac = raw.subarray(0, MAC_BYTES);
  const payload = raw.subarray(MAC_BYTES);
  if (!timingSafeEqual(mac, cursorMac(secret, payload))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  const result = CursorPayload.safeParse(parsed);
  if (!result.success || result.data[0] !== scope) return undefined;
  return { createdAt: result.data[1], id: result.data[2] };
}

export function invalidCursor(lang: Language): ValidationError {
  return new ValidationError(
    [{ path: 'cursor', message: lang === 'id' ? 'Kursor tidak valid; mulai lagi dari halaman pertama.' : 'Invalid cursor; start again from the first page.' }],
    lang,
  );
}
