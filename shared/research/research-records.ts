import type { Person } from '../kernel/config.js';
import type { Language } from '../kernel/i18n.js';
import type { StepLink, StepOutcome, Subject } from '../kernel/steps/step-link.js';
import type { OutputRow, ResearchOutput } from './outputs.js';
import type { MemberInput, MilestoneKind, MilestoneStatus, ProjectInput, ProjectStatus, ReviewRule } from './research.schema.js';

/**
 * What the research workflow keeps: a project (with its team and their consent), one item per
 * milestone (so each milestone's cycle writes its own item), the step links of both, and the
 * project's append-only history.
 */

/**
 * Where a member's consent stands: not asked yet, asked (their supervisor's link is open), and
 * the answer. Each member is an item of their own, so supervisors answering at once never
 * write the same item.
 */
export const consentStatuses = ['PENDING', 'ASKED', 'AGREED', 'REFUSED', 'NO_ANSWER'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/** An ASN member as the project keeps them: as the partner entered them, and their supervisor's answer. */
export interface ProjectMember extends MemberInput {
  /** 1-based, in the order the partner listed them. */
  number: number;
  consent: ConsentStatus;
  consentAt?: string;
  /** The reason a supervisor gave for refusing. */
  consentComment?: string;
}

/** The human steps of a research project. */
export const researchSteps = ['consent', 'plan-review', 'plan-revision', 'milestone', 'extension', 'co-review'] as const;
export type ResearchStep = (typeof researchSteps)[number];

/** What a person may do at a research step. */
export const researchActions = ['approve', 'reject', 'revise', 'resubmit', 'submit'] as const;
export type ResearchAction = (typeof researchActions)[number];

/** What a person recorded through a research step link. */
export type ResearchOutcome = StepOutcome<ResearchAction>;

/** Who reviews a milestone: the BKPSDM coordinator and the university's co-reviewer. */
export type MilestoneReviewer = 'coordinator' | 'coReviewer';

/** A link that lets one person act at one step of a research project. */
export interface ResearchStepLink extends StepLink<ResearchStep, ResearchAction, ResearchOutcome> {
  /** Which reviewer a co-review link is for. */
  reviewer?: MilestoneReviewer;
  /** A co-review the coordinator decides alone (the rounds ran out, or the two reviews left it open). */
  sole?: boolean;
  /** The extension an extension link decides (1-based, per milestone). */
  extension?: number;
  /** The member a consent step asks about (1-based, in the order the partner listed them). */
  member?: number;
  /** The milestone a milestone, extension or co-review step is about (1-based, in order of due date). */
  milestone?: number;
  /** The review round of the plan or of a milestone. */
  round?: number;
}

/** A project as read, with its team and their consent. */
export interface ProjectWithTeam extends ProjectRecord {
  members: ProjectMember[];
}

/** A research project a partner proposed under a partnership with the research scope. */
export interface ProjectRecord {
  id: string;
  partnershipId: string;
  status: ProjectStatus;
  /** The project as proposed, or as last revised; its members are items of their own (see `ProjectMember`). */
  data: Omit<ProjectInput, 'members'>;
  /** The partnership's institution, so pages and emails need no second read. */
  institution: string;
  /** The partner's contact, who proposed the project and revises its plan. */
  partner: Person & { language: Language };
  /** The plan review round (1 until a revision is asked for). */
  round: number;
  createdAt: string;
  updatedAt: string;
  approvedAt?: string;
  /** The link secret's key version the project's links are minted under. */
  keyVersion?: string;
}

/** An extension of a milestone's due date the lead asked for, and what the coordinator decided. */
export interface ExtensionRecord {
  /** 1-based, per milestone. */
  number: number;
  requestedAt: string;
  previousDueDate: string;
  newDueDate: string;
  reason: string;
  status: 'PENDING' | 'APPROVED' | 'REFUSED';
  decidedAt?: string;
  comment?: string;
}

/** What the lead sent for a milestone in one round: kept, so earlier versions stay readable. */
export interface MilestoneSubmission {
  round: number;
  summary: string;
  /** Why it came after the due date, when it did. */
  lateReason?: string;
  /** What a final report or an output milestone lists as its outputs (absent for other kinds). */
  outputs?: ResearchOutput[];
  submittedAt: string;
  by: { name: string; email: string };
}

/** One reviewer's decision in one round of a milestone's review (or that their step ran out). */
export interface MilestoneReview {
  round: number;
  reviewer: MilestoneReviewer;
  /** The coordinator deciding alone. */
  sole?: boolean;
  action: 'approve' | 'revise' | 'reject' | 'expired';
  comment?: string;
  at: string;
  by?: { name: string };
}

/** One milestone of a project, its own item. */
export interface MilestoneRecord {
  projectId: string;
  /** 1-based, in order of due date. */
  number: number;
  kind: MilestoneKind;
  title: string;
  dueDate: string;
  review: ReviewRule;
  status: MilestoneStatus;
  /** The review round: 0 until first submitted. */
  round: number;
  /** Set from 00:00 WIB the day after the due date while not submitted. */
  overdueAt?: string;
  extensions: ExtensionRecord[];
  /** Every round's submission, oldest first. */
  submissions: MilestoneSubmission[];
  /** Every reviewer's decision of every round, oldest first. */
  reviews: MilestoneReview[];
  /** The number of the extension the lead asked for that the coordinator has not decided yet. */
  pendingExtension?: number;
  /** What the lead saved and has not sent yet. */
  draft?: { summary: string; lateReason?: string; outputs?: OutputRow[]; savedAt: string };
  /** Under the `any` rule, the first decision of the current round: the other reviewer's link then says who decided. */
  settled?: { by: { name: string }; reviewer: MilestoneReviewer; action: string; at: string };
  openedAt?: string;
  approvedAt?: string;
  updatedAt: string;
}

export const projectEventTypes = [
  'submitted',
  'consent-requested',
  'consent-given',
  'consent-refused',
  'member-left',
  'review-requested',
  'reminder-sent',
  'escalated',
  'decided',
  'revision-requested',
  'resubmitted',
  'approved',
  'rejected',
  'expired',
  'failed',
  'milestone-opened',
  'milestone-reminder',
  'milestone-overdue',
  'milestone-escalated',
  'milestone-submitted',
  'milestone-approved',
  'milestone-not-accepted',
  'completed',
  'jp-credited',
  'extension-requested',
  'extension-approved',
  'extension-refused',
] as const;
export type ProjectEventType = (typeof projectEventTypes)[number];

/** One transition of a project or one of its milestones: append-only, one per step. */
export interface ProjectEvent {
  subject: Subject;
  /** Deterministic per transition, so a retried step writes the same event again, not a second one. */
  key: string;
  type: ProjectEventType;
  at: string;
  actor: { role: string; name?: string; email?: string };
  fromStatus?: ProjectStatus | MilestoneStatus;
  toStatus?: ProjectStatus | MilestoneStatus;
  step?: ResearchStep;
  member?: number;
  milestone?: number;
  round?: number;
  action?: ResearchAction;
  comment?: string;
  requestId?: string;
}
