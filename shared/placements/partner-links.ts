import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import type { PartnerLink } from '../kernel/store/records.js';

/** The partner link of a partnership: minted again from its id, never stored. */
export function partnerToken(secret: string, partnershipId: string): string {
  return mintToken(secret, 'partner', partnershipId);
}

/** The record of a partner link: its hash and the partnership it opens. */
export function partnerLink(secret: string, partnershipId: string, at: string): PartnerLink {
  return { kind: 'partner', hash: hashToken(partnerToken(secret, partnershipId)), partnershipId, createdAt: at };
}
