import * as z from 'zod/mini';
import { requireCoordinator } from '../kernel/http/coordinators.js';
import type { Language } from '../kernel/i18n.js';
import type { Scope } from '../kernel/partnerships/partnership.js';
import { invalidCursor, type ListPosition, openCursor, pageQuery, signCursor } from '../kernel/store/cursors.js';
import { parseOrThrow } from '../kernel/validation.js';
import { listedProposalStatuses, type ProposalStatus } from './proposal.schema.js';
import type { ProposalRecord } from './proposal-records.js';
import type { ProposalRepository } from './proposal-repository.js';

/**
 * The query of `GET /api/proposals`. `status` is required: each status is one partition of
 * the status index, so one status is one query (and one cursor). It is read case-insensitively.
 */
export const ListProposalsQuery = z.object({
  status: z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(listedProposalStatuses)),
  ...pageQuery,
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

/** An opaque base64url cursor for the page of `status` that starts after `position`. */
export function writeCursor(secret: string, status: ProposalStatus, position: ListPosition): string {
  return signCursor(secret, status, position);
}

/**
 * The position a cursor stands for, or undefined when it was not made here, was changed, or
 * belongs to the list of another status.
 */
export function readCursor(secret: string, status: ProposalStatus, cursor: string): ListPosition | undefined {
  return openCursor(secret, status, cursor);
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
