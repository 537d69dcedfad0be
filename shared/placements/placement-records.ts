import type { Person } from '../kernel/config.js';
import type { Language } from '../kernel/i18n.js';
import type { StepLink, StepOutcome, Subject } from '../kernel/steps/step-link.js';
import type { ApplicationInput, ApplicationStatus, PlacementOffer, PlacementStatus, StepAction, StepName } from './placement.schema.js';

/** What a person recorded through a step link: a decision (with hours, for the completion) or a report. */
export interface PlacementOutcome extends StepOutcome<StepAction | 'withdrawn'> {
  /** Hours the host confirmed (completion), or the ASN reported (report). */
  hours?: number;
  /** What the ASN did during the internship (report). */
  activities?: string;
}

/** A link that lets one person act once at one step of a placement workflow. */
export type PlacementStepLink = StepLink<StepName, StepAction, PlacementOutcome>;

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
  /** The link secret's key version its links (and its partnership's) are minted under: its partnership's; absent (1) before key versions. */
  keyVersion?: string;
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
  /** The link secret's key version its links are minted under; absent (1) on applications made before key versions. */
  keyVersion?: string;
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
  action?: PlacementOutcome['action'];
  comment?: string;
  hours?: number;
  requestId?: string;
}
