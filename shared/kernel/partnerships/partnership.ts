import type { PartnerLink } from '../steps/step-link.js';
import { hashToken, mintToken } from '../steps/tokens.js';

/**
 * A partnership: what an approved proposal creates, and what every other workflow hangs off
 * (a partner offers placements and proposes research under it). Its contact reaches it through
 * a private partner page.
 */

export const scopes = ['research', 'internship', 'training'] as const;
export type Scope = (typeof scopes)[number];

/** An active partnership created by an approved proposal. */
export interface PartnershipRecord {
  id: string;
  proposalId: string;
  institution: { name: string; type: string; pddiktiCode?: string };
  contact: { name: string; email: string; phone?: string };
  title: string;
  scopes: Scope[];
  startDate: string;
  endDate: string;
  status: 'ACTIVE';
  createdAt: string;
}

/** The partner link of a partnership: minted again from its id, never stored. */
export function partnerToken(secret: string, partnershipId: string): string {
  return mintToken(secret, 'partner', partnershipId);
}

/** The record of a partner link: its hash and the partnership it opens. */
export function partnerLink(secret: string, partnershipId: string, at: string): PartnerLink {
  return { kind: 'partner', hash: hashToken(partnerToken(secret, partnershipId)), subject: { type: 'partnership', id: partnershipId }, createdAt: at };
}

/** The public address of a partner's private page. */
export const partnerUrl = (config: { PUBLIC_BASE_URL: string }, token: string) => `${config.PUBLIC_BASE_URL}/partners/${token}`;
