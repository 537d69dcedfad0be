import type { Language } from '../i18n.js';
import type { LinkRecord, PartnerLink } from '../steps/step-link.js';
import { notFound } from '../steps/step-links.js';
import { hashToken, isWellFormedToken, type Keyed, type LinkKeyring, mintToken } from '../steps/tokens.js';

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

/** A partnership whose contact gets a private partner page: one that offers placements or proposes research. */
export const hasPartnerPage = (partnership: Pick<PartnershipRecord, 'scopes'>) =>
  partnership.scopes.includes('internship') || partnership.scopes.includes('research');

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

/** The partnership a partner link opens (what every route under `/partners/{token}` acts on); 404 for anything else. */
export async function partnershipOfLink(
  token: string,
  lang: Language,
  store: { getLink(hash: string): Promise<LinkRecord | undefined>; getPartnership(id: string): Promise<PartnershipRecord | undefined> },
): Promise<PartnershipRecord> {
  if (!isWellFormedToken(token)) throw notFound(lang);
  const link = await store.getLink(hashToken(token));
  if (link?.kind !== 'partner') throw notFound(lang);
  const partnership = await store.getPartnership(link.subject.id);
  if (!partnership) throw notFound(lang);
  return partnership;
}
