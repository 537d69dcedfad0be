import type { Language } from '../kernel/i18n.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import type { ApplicationStatus, PlacementStatus, StepName } from './placement.schema.js';
import type { ApplicationRecord, PlacementOutcome, PlacementRecord, PlacementStepLink, SubjectEventType } from './placement-records.js';

/** One placement in the public catalogue (`GET /api/placements`, `GET /placements`). */
export interface CatalogueItem {
  id: string;
  title: string;
  institution: string;
  hostUnit: string;
  competencyArea: string;
  description: string;
  seats: number;
  seatsLeft: number;
  startDate: string;
  endDate: string;
  jpHours: number;
  applicationDeadline: string;
  language: Language;
}

/** What a partner's private page shows: the partnership and every placement it offered. */
export interface PartnerView {
  partnership: Pick<PartnershipRecord, 'id' | 'title' | 'institution' | 'contact' | 'scopes' | 'startDate' | 'endDate' | 'status'>;
  placements: {
    id: string;
    title: string;
    hostUnit: string;
    status: PlacementStatus;
    seats: number;
    seatsTaken: number;
    startDate: string;
    endDate: string;
    applicationDeadline: string;
    jpHours: number;
    createdAt: string;
  }[];
}

/** One line of an application's public history: who did what, and when. */
export interface ApplicationHistoryEntry {
  at: string;
  type: SubjectEventType;
  status?: ApplicationStatus | PlacementStatus;
  step?: StepName;
  by?: { role: string; name?: string };
  action?: PlacementOutcome['action'];
  comment?: string;
  hours?: number;
}

/** What `/track/{token}` and `/api/track/{token}` show for an application. */
export interface ApplicationTrackingView {
  id: string;
  type: 'application';
  status: ApplicationStatus;
  placement: ApplicationRecord['placement'] & { id: string };
  applicant: { name: string; unit: string };
  /** Place in the waitlist (1 = next), while WAITLISTED. */
  waitlistPosition?: number;
  creditedHours?: number;
  submittedAt: string;
  updatedAt: string;
  /** Whether the ASN can still withdraw (until the internship starts). */
  canWithdraw: boolean;
  history: ApplicationHistoryEntry[];
}

/**
 * What the page of a step link shows: the step, who holds it, its subject (an application with
 * its placement, or an offered placement), and a fresh anti-forgery value for the POST.
 */
export interface StepView {
  link: PlacementStepLink;
  subject: { type: 'application'; application: ApplicationRecord } | { type: 'placement'; placement: PlacementRecord };
  proof: string;
}

/** What a used step link recorded, for the page shown after the POST. */
export interface StepResult {
  link: PlacementStepLink;
  outcome: PlacementOutcome;
  subject: StepView['subject'];
}
