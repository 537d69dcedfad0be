import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { ForbiddenError, ValidationError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import type { Scope } from '../kernel/partnerships/partnership.js';
import { bilingual, parseOrThrow } from '../kernel/validation.js';
import { type ProposalStatus, proposalStatuses } from './proposal.schema.js';
import type { ProposalRecord } from './proposal-records.js';
import type { ListPosition, ProposalRepository } from './proposal-repository.js';

/** The user-pool group whose members may use the coordinators' API. */
export const COORDINATORS_GROUP = 'coordinators';

/**
 * The query of `GET /api/proposals`. `status` is required: each status is one partition of
 * the status index, so one status is one query (and one cursor). It is read case-insensitively.
 */
export const ListProposalsQuery = z.object({
  status: z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(proposalStatuses)),
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
});
export type ListProposalsQuery = z.output<typeof ListProposalsQuery>;

/** One proposal in a coordinator's list. */
export interface ProposalSummary {
  id: string;
  status: ProposalStatus;
  title: string;
  institution: string;
  contact: { name: string; email: string };
  scopes: Scope[];
  startDate: string;
  round: number;
  submittedAt: string;
  updatedAt: string;
}

/** One page of the list; `nextCursor` is absent on the last page. */
export interface ProposalList {
  items: ProposalSummary[];
  nextCursor?: string;
}

/** What the list needs: the status index, and the key cursors are signed with. */
export interface ListProposalsDeps {
  repo: Pick<ProposalRepository, 'listByStatus'>;
  cursorKey: string;
}

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

// ----- Cursors: where the next page starts, signed so a client can hand one back but not make one up

const MAC_BYTES = 16;
const CursorPayload = z.tuple([z.string().check(z.maxLength(100)), z.iso.datetime(), z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))]);

/** The MAC of a cursor's payload under the cursor key. */
function cursorMac(secret: string, payload: Buffer): Buffer {
  const key = createHmac('sha256', secret).update('coordinator-list-cursor').digest();
  return createHmac('sha256', key).update(payload).digest().subarray(0, MAC_BYTES);
}

/** An opaque base64url cursor for the page of `status` that starts after `position`. */
export function writeCursor(secret: string, status: ProposalStatus, position: ListPosition): string {
  return signCursor(secret, status, position);
}

/** An opaque base64url cursor for the page of the list `scope` (a status, a placement) that starts after `position`. */
export function signCursor(secret: string, scope: string, position: ListPosition): string {
  const payload = Buffer.from(JSON.stringify([scope, position.createdAt, position.id]), 'utf8');
  return Buffer.concat([cursorMac(secret, payload), payload]).toString('base64url');
}

/**
 * The position a cursor stands for, or undefined when it was not made here, was changed, or
 * belongs to the list of another status.
 */
export function readCursor(secret: string, status: ProposalStatus, cursor: string): ListPosition | undefined {
  return openCursor(secret, status, cursor);
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

export function toSummary(proposal: ProposalRecord): ProposalSummary {
  const { data } = proposal;
  return {
    id: proposal.id,
    status: proposal.status,
    title: data.title,
    institution: data.institution.name,
    contact: { name: data.contact.name, email: data.contact.email },
    scopes: data.scopes,
    startDate: data.startDate,
    round: proposal.round,
    submittedAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
  };
}

/**
 * `GET /api/proposals?status=…&limit=…&cursor=…` for coordinators: the proposals in one
 * status, newest first, a page at a time. The group is checked before the query, so someone
 * outside it learns nothing about what the query would find.
 */
export async function listProposals(
  request: { query: Record<string, string>; claims?: Record<string, unknown> },
  lang: Language,
  deps: ListProposalsDeps,
): Promise<ProposalList> {
  requireCoordinator(request.claims, lang);
  const query = parseOrThrow(ListProposalsQuery, request.query, lang);
  let after: ListPosition | undefined;
  if (query.cursor !== undefined) {
    after = readCursor(deps.cursorKey, query.status, query.cursor);
    if (!after) throw invalidCursor(lang);
  }
  const page = await deps.repo.listByStatus(query.status, { limit: query.limit, after });
  const items = page.items.map(toSummary);
  return page.next ? { items, nextCursor: writeCursor(deps.cursorKey, query.status, page.next) } : { items };
}
