import type { StepLink, StepOutcome } from '../kernel/steps/step-link.js';
import type { DecisionAction, ProposalInput, ProposalStatus } from './proposal.schema.js';

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
  /** The link secret's key version its links are minted under; absent (1) on proposals made before key versions. */
  keyVersion?: string;
}

/** What a person decided through a proposal's link: a level's decision, or the proposer's resubmission. */
export type Outcome = StepOutcome<DecisionAction | 'resubmit'>;

/** The decision link of one level of the approval chain, for its approver or their backup. */
export type DecisionLink = StepLink<'review', DecisionAction, Outcome> & { level: number; role: string; round: number };
/** The proposer's link to revise the proposal when a level asked for it. */
export type EditLink = StepLink<'revision', 'resubmit', Outcome> & { round: number };
/** A link through which a person acts at one step of a proposal's review. */
export type ActionLink = DecisionLink | EditLink;

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
