import type { Language } from '../kernel/i18n.js';
import type { LinkRecord } from '../kernel/steps/step-link.js';
import { notFound } from '../kernel/steps/step-links.js';
import { hashToken, isWellFormedToken } from '../kernel/steps/tokens.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalStatus } from './proposal.schema.js';
import type { AuditEvent, ProposalRecord } from './proposal-records.js';

/** One line of a proposal's public history: who did what, and when. */
export interface HistoryEntry {
  at: string;
  type: AuditEvent['type'];
  status?: ProposalStatus;
  by?: { role: string; name?: string };
  action?: AuditEvent['action'];
  comment?: string;
  level?: number;
  /** The level's role (e.g. `coordinator`), so a reader sees whose step it was. */
  role?: string;
  round?: number;
}

/** What the private tracking page and `GET /api/track/{token}` show. */
export interface TrackingView {
  id: string;
  type: 'proposal';
  status: ProposalStatus;
  title: string;
  institution: string;
  round: number;
  submittedAt: string;
  updatedAt: string;
  history: HistoryEntry[];
}

/** Approvers' email addresses stay out of the proposer's view; names and decisions do not. */
export function toHistory(events: AuditEvent[]): HistoryEntry[] {
  return events.map((e) => ({
    at: e.at,
    type: e.type,
    status: e.toStatus,
    by: e.actor.role === 'system' ? undefined : { role: e.actor.role, name: e.actor.name },
    action: e.action,
    comment: e.comment,
    level: e.level,
    role: e.role,
    round: e.round,
  }));
}

export function trackingView(proposal: ProposalRecord, events: AuditEvent[]): TrackingView {
  return {
    id: proposal.id,
    type: 'proposal',
    status: proposal.status,
    title: proposal.data.title,
    institution: proposal.data.institution.name,
    round: proposal.round,
    submittedAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
    history: toHistory(events),
  };
}

/** Where a proposal stands, found by its private tracking token. */
export async function trackProposal(
  token: string,
  lang: Language,
  deps: Pick<ProposalDeps, 'repo'>,
  known?: { link: LinkRecord | undefined },
): Promise<TrackingView> {
  if (!isWellFormedToken(token)) throw notFound(lang);
  const link = known ? known.link : await deps.repo.getLink(hashToken(token));
  if (link?.kind !== 'track' || link.subject.type !== 'proposal') throw notFound(lang);
  const [proposal, events] = await Promise.all([deps.repo.getProposal(link.subject.id), deps.repo.history(link.subject.id)]);
  if (!proposal) throw notFound(lang);
  return trackingView(proposal, events);
}
