import { ForbiddenError } from '../errors.js';
import type { Language } from '../i18n.js';
import { assertOpen, LinkClosedError } from '../links/link-errors.js';
import { hashToken, isValidPageProof, isWellFormedToken } from '../links/tokens.js';
import type { ActionLink, DecisionLink, EditLink, ProposalRecord } from '../store/records.js';
import type { ProposalDeps } from './deps.js';
import { notFound } from './tracking.js';

/** A page shown for a link stays valid for a day. */
const PAGE_MAX_AGE_MS = 24 * 3_600_000;

type LinkOfKind = { decision: DecisionLink; edit: EditLink };

/** The action link a token opens, with its proposal; 404 for anything else. */
export async function findActionLink<K extends keyof LinkOfKind>(
  kind: K,
  token: string,
  lang: Language,
  deps: Pick<ProposalDeps, 'repo'>,
): Promise<{ link: LinkOfKind[K]; proposal: ProposalRecord }> {
  if (!isWellFormedToken(token)) throw notFound(lang);
  const link = await deps.repo.getLink(hashToken(token));
  if (!link || link.kind !== kind) throw notFound(lang);
  const proposal = await deps.repo.getProposal(link.proposalId);
  if (!proposal) throw notFound(lang);
  return { link: link as LinkOfKind[K], proposal };
}

/** Refuses a POST whose anti-forgery value was not made by this link's page, or is too old. */
export function assertPageProof(link: ActionLink, proof: string, now: Date, lang: Language): void {
  if (!isValidPageProof(link.pageSecret, proof, now.getTime(), PAGE_MAX_AGE_MS))
    throw new ForbiddenError(
      lang === 'id'
        ? 'Halaman ini sudah terlalu lama terbuka atau tidak sah. Muat ulang halaman lalu coba lagi.'
        : 'This page is too old or not genuine. Reload the page and try again.',
    );
}

/** The status a proposal is in while a link of each kind can be acted on. */
const statusWhileOpen = { decision: 'IN_REVIEW', edit: 'REVISION_REQUESTED' } as const;

/**
 * Throws unless a person can still act through the link: the link is open (else 409 or 410)
 * and its proposal is still at the step the link belongs to (a review closed after a failure
 * leaves links pending that must not offer a choice any more: 410).
 */
export function assertActionable(link: DecisionLink | EditLink, proposal: ProposalRecord, now: Date, lang: Language): void {
  assertOpen(link, now, lang);
  if (proposal.status !== statusWhileOpen[link.kind]) throw new LinkClosedError('expired', lang);
}
