import type { PartnerLink } from '../steps/step-link.js';
import { hashToken, type Keyed, type LinkKeyring, mintToken } from '../steps/tokens.js';

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
  /** The link secret's key version its partner link is minted under; absent (1) on partnerships made before key versions. */
  keyVersion?: string;
}

/** The partner link of a partnership: minted again from its id (under its key version), never stored. */
export function partnerToken(secret: LinkKeyring, partnership: Keyed & { id: string }): string {
  return mintToken(secret, partnership, 'partner', partnership.id);
}

/** The record of a partner link: its hash and the partnership it opens. */
export function partnerLink(secret: LinkKeyring, partnership: Keyed & { id: string }, at: string): PartnerLink {
  return { kind: 'partner', hash: hashToken(partnerToken(secret, partnership)), subject: { type: 'partnership', id: partnership.id }, createdAt: at };
}

/** The public address of a partner's private page. */
export const partnerUrl = (config: { PUBLIC_BASE_URL: string }, token: string) => `${config.PUBLIC_BASE_URL}/partners/${token}`;
