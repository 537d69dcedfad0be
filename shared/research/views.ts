import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import type { LogbookSummary } from './logbook.js';
import type { MilestoneKind, MilestoneStatus, ProjectStatus, ReviewRule } from './research.schema.js';
import type {
  ConsentStatus,
  ExtensionRecord,
  MilestoneRecord,
  MilestoneReview,
  MilestoneSubmission,
  ProjectEventType,
  ProjectWithTeam,
  ResearchAction,
  ResearchStep,
  ResearchStepLink,
} from './research-records.js';

/** One milestone as tracking, the project page, the calendar and the coordinators' API show it. */
export interface MilestoneView {
  number: number;
  kind: MilestoneKind;
  title: string;
  dueDate: string;
  review: ReviewRule;
  status: MilestoneStatus;
  overdue: boolean;
  round: number;
  extensions: ExtensionRecord[];
  /** Every round's submission and every review decision: earlier versions stay readable. */
  submissions: MilestoneSubmission[];
  reviews: MilestoneReview[];
}

/** One line of a project's public history: who did what, and when. */
export interface ProjectHistoryEntry {
  at: string;
  type: ProjectEventType;
  status?: string;
  step?: ResearchStep;
  member?: number;
  milestone?: number;
  round?: number;
  by?: { role: string; name?: string };
  action?: ResearchAction;
  comment?: string;
}

/** What `/track/{token}` and `/api/track/{token}` show for a project. */
export interface ProjectTrackingView {
  id: string;
  type: 'project';
  status: ProjectStatus;
  title: string;
  institution: string;
  lead: { name: string };
  startDate: string;
  endDate: string;
  round: number;
  members: { name: string; unit: string; position: string; consent: ConsentStatus; jpHours: number }[];
  milestones: MilestoneView[];
  submittedAt: string;
  updatedAt: string;
  history: ProjectHistoryEntry[];
}

/** What a research step link's page shows: the step, who holds it, the project, and a fresh anti-forgery value for the POST. */
export interface ResearchStepView {
  link: ResearchStepLink;
  project: ProjectWithTeam;
  milestones: MilestoneView[];
  proof: string;
}

/** The projects a partner's page lists. */
export interface PartnerProjectItem {
  id: string;
  title: string;
  status: ProjectStatus;
  startDate: string;
  endDate: string;
  createdAt: string;
}

export type PartnerOfProject = Pick<PartnershipRecord, 'id' | 'scopes' | 'startDate' | 'endDate' | 'status'>;

/** What a milestone's submission page (`/milestones/{token}`) shows its lead. */
export interface MilestonePageView {
  link: ResearchStepLink;
  project: ProjectWithTeam;
  milestone: MilestoneRecord;
  /** The milestone as every view shows it (with its overdue mark). */
  view: MilestoneView;
  /** The reviewers' comments that sent the last round back, if it was sent back. */
  comments: { reviewer: string; comment: string }[];
  proof: string;
}

/** What a milestone's co-review decision page adds to a research step page: the milestone and what was sent. */
export interface CoReviewView extends ResearchStepView {
  milestone: MilestoneView;
  /** The team's logbook since the last approved milestone, which goes with the submission to its reviewers. */
  logbook?: LogbookSummary;
}
