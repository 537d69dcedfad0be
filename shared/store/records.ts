import type { Person } from '../config.js';
import type { Language } from '../i18n.js';
import type { DecisionAction, ProposalInput, ProposalStatus, Scope } from '../proposals/proposal.schema.js';

/** A partnership proposal as stored. */
export interface ProposalRecord {
  id: string;
  status: ProposalStatus;
  /** Which pass through the approval chain this is: 1, then +1 after each resubmission. */
  round: number;
  data: ProposalInput;
  createdAt: string;
  updatedAt: string;
  partnershipId?: string;
}

export type LinkState = 'PENDING' | 'USED' | 'SUPERSEDED' | 'EXPIRED';

/** What a person decided through a link. */
export interface Outcome {
  action: DecisionAction | 'resubmit';
  comment?: string;
  decidedAt: string;
  decidedBy: { name: string; email: string };
}

interface LinkBase {
  /** SHA-256 of the token (the token itself is never stored). */
  hash: string;
  proposalId: string;
  createdAt: string;
}
export interface TrackLink extends LinkBase {
  kind: 'track';
}
/** A link that lets one person act once at one step: decide, or revise a proposal. */
export interface ActionLink extends LinkBase {
  kind: 'decision' | 'edit';
  stepId: string;
  state: LinkState;
  /** The Step Functions task token this link completes; server-side only. */
  taskToken: string;
  /** Signs the anti-forgery value of the pages this link shows. */
  pageSecret: string;
  expiresAt: string;
  round: number;
  /** Who acts through the link and in which language they read. */
  holder: Person & { language: Language };
  outcome?: Outcome;
  closedAt?: string;
}
export interface DecisionLink extends ActionLink {
  kind: 'decision';
  level: number;
  role: string;
  attempt: 'primary' | 'backup';
  actions: DecisionAction[];
}
export interface EditLink extends ActionLink {
  kind: 'edit';
}
export type LinkRecord = TrackLink | DecisionLink | EditLink;

export type AuditType =
  | 'submitted'
  | 'review-requested'
  | 'reminder-sent'
  | 'escalated'
  | 'decided'
  | 'revision-requested'
  | 'resubmitted'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'failed';

/** One transition of a proposal: append-only, one per step. */
export interface AuditEvent {
  proposalId: string;
  /** Deterministic per transition, so a retried step writes the same event again, not a second one. */
  key: string;
  type: AuditType;
  at: string;
  actor: { role: string; name?: string; email?: string };
  fromStatus?: ProposalStatus;
  toStatus?: ProposalStatus;
  level?: number;
  role?: string;
  round?: number;
  action?: Outcome['action'];
  comment?: string;
  requestId?: string;
}

/** An active partnership created by an approved proposal. */
export interface PartnershipRecord {
  id: string;
  proposalId: string;
  institution: ProposalInput['institution'];
  contact: ProposalInput['contact'];
  title: string;
  scopes: Scope[];
  startDate: string;
  endDate: string;
  status: 'ACTIVE';
  createdAt: string;
}

/** The first answer to a request made with an Idempotency-Key. */
export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  statusCode: number;
  body: unknown;
}
