import type { ApplicationInput, ApplicationStatus, PlacementOffer, PlacementStatus, StepAction, StepName } from '../../placements/placement.schema.js';
import type { DecisionAction, ProposalInput, ProposalStatus, Scope } from '../../proposals/proposal.schema.js';
import type { Person } from '../config.js';
import type { Language } from '../i18n.js';

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
export type LinkRecord = TrackLink | DecisionLink | EditLink | SubjectTrackLink | PartnerLink | StepLink;

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

// ---------------------------------------------------------------------------------------------
// Placements and applications. Their links name their subject (what they act on) instead of a
// proposal; the link mechanics (hash, task token, page secret, single use) are the same.

/** What a link of the placement workflows acts on. */
export interface Subject {
  type: 'application' | 'placement';
  id: string;
}

/** The private tracking link of an application. */
export interface SubjectTrackLink {
  kind: 'subject-track';
  hash: string;
  subject: Subject;
  createdAt: string;
  /** Signs the anti-forgery value of the tracking page's withdraw button. */
  pageSecret: string;
}

/** A partner's private link to their placements: where they offer new ones. */
export interface PartnerLink {
  kind: 'partner';
  hash: string;
  partnershipId: string;
  createdAt: string;
}

/** What a person recorded through a step link: a decision (with hours, for the completion) or a report. */
export interface StepOutcome {
  action: StepAction | 'withdrawn';
  comment?: string;
  /** Hours the host confirmed (completion), or the ASN reported (report). */
  hours?: number;
  /** What the ASN did during the internship (report). */
  activities?: string;
  decidedAt: string;
  decidedBy: { name: string; email: string };
}

/** A link that lets one person act once at one step of a placement workflow. */
export interface StepLink {
  kind: 'step';
  hash: string;
  subject: Subject;
  createdAt: string;
  step: StepName;
  stepId: string;
  attempt: 'primary' | 'backup';
  state: LinkState;
  /** The Step Functions task token this link completes; server-side only. */
  taskToken: string;
  /** Signs the anti-forgery value of the pages this link shows. */
  pageSecret: string;
  expiresAt: string;
  holder: Person & { language: Language };
  actions: StepAction[];
  outcome?: StepOutcome;
  closedAt?: string;
}

/** An internship placement a partner offered. */
export interface PlacementRecord {
  id: string;
  partnershipId: string;
  status: PlacementStatus;
  data: PlacementOffer;
  institution: string;
  /** The partner's contact, who hosts the interns and decides the host steps. */
  host: Person & { language: Language };
  seatsTaken: number;
  createdAt: string;
  updatedAt: string;
}

/** What an application keeps of its placement, so pages and emails need no second read. */
export type PlacementSummary = Pick<PlacementOffer, 'title' | 'hostUnit' | 'startDate' | 'endDate' | 'jpHours'> & { institution: string };

/** An ASN's application for a placement. */
export interface ApplicationRecord {
  id: string;
  placementId: string;
  status: ApplicationStatus;
  data: ApplicationInput;
  placement: PlacementSummary;
  createdAt: string;
  updatedAt: string;
  /** The hash of the step link open now, so a withdrawal can close it. */
  openLink?: string;
  /** When the application joined the waitlist: its place in the queue. */
  waitlistedAt?: string;
  report?: { activities: string; hours: number; submittedAt: string };
  creditedHours?: number;
}

export type SubjectEventType =
  | 'submitted'
  | 'review-requested'
  | 'reminder-sent'
  | 'escalated'
  | 'decided'
  | 'approved'
  | 'published'
  | 'rejected'
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'withdrawn'
  | 'started'
  | 'report-requested'
  | 'reported'
  | 'completed'
  | 'expired'
  | 'failed';

/** One transition of an application or placement: append-only, one per step. */
export interface SubjectEvent {
  subject: Subject;
  /** Deterministic per transition, so a retried step writes the same event again, not a second one. */
  key: string;
  type: SubjectEventType;
  at: string;
  actor: { role: string; name?: string; email?: string };
  fromStatus?: ApplicationStatus | PlacementStatus;
  toStatus?: ApplicationStatus | PlacementStatus;
  step?: StepName;
  action?: StepOutcome['action'];
  comment?: string;
  hours?: number;
  requestId?: string;
}

/** An ASN's yearly record: who they are and the JP credited to them that year. */
export interface AsnYearRecord {
  nip: string;
  year: number;
  name: string;
  unit: string;
  employmentType: ApplicationInput['employmentType'];
  jp: number;
}
