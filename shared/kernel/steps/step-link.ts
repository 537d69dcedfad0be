import type { Person } from '../config.js';
import type { Language } from '../i18n.js';

/**
 * The one record shape of every private link, whatever workflow it belongs to. A link names
 * its subject (what it acts on, by type and id); a step link also names its step, who holds
 * it, what they may do, its state and its expiry. The database keeps the link under the
 * SHA-256 of its token; the token itself never leaves the server, and the task token is kept
 * sealed under a key only the token gives (task-token-seal.ts).
 */

/** What a link acts on: a proposal, an application, a placement, a partnership… */
export interface Subject {
  type: string;
  id: string;
}

export type LinkState = 'PENDING' | 'USED' | 'SUPERSEDED' | 'EXPIRED';

/** Who is asked first, and who is asked when they do not act in time. */
export type Attempt = 'primary' | 'backup';

/** Who acts through a link, and in which language they read. */
export type Holder = Person & { language: Language };

/** What a person recorded through a step link. A workflow's steps add the fields their pages ask for. */
export interface StepOutcome<A extends string = string> {
  action: A;
  comment?: string;
  decidedAt: string;
  decidedBy: { name: string; email: string };
}

/** A link that lets one person act once at one step of a workflow. */
export interface StepLink<S extends string = string, A extends string = string, O extends StepOutcome = StepOutcome<A>> {
  kind: 'step';
  /** SHA-256 of the token (the token itself is never stored). */
  hash: string;
  subject: Subject;
  createdAt: string;
  step: S;
  /** What the token is minted from: the same step and attempt give the same link. */
  stepId: string;
  attempt: Attempt;
  state: LinkState;
  /**
   * The Step Functions task token this link completes, sealed under its token (`openTaskToken`
   * opens it). A link stored before task tokens were sealed holds it plain, as `taskToken`:
   * `upgradeLink` reads that one here, and `openTaskToken` answers it as it is.
   */
  sealedTaskToken: string;
  /** Signs the anti-forgery value of the pages this link shows. */
  pageSecret: string;
  expiresAt: string;
  holder: Holder;
  actions: A[];
  outcome?: O;
  closedAt?: string;
}

/** A private, read-only link to where a subject stands (with a withdraw button where the subject allows it). */
export interface TrackLink {
  kind: 'track';
  hash: string;
  subject: Subject;
  createdAt: string;
  /** Signs the anti-forgery value of the page's own buttons, where it has any. */
  pageSecret?: string;
}

/** A partner's private page: their partnership, and what they offer under it. */
export interface PartnerLink {
  kind: 'partner';
  hash: string;
  subject: Subject;
  createdAt: string;
}

/**
 * The link a submission's confirmation mail carries: the one way an anonymous submission
 * becomes real, pressed by whoever reads the submitter's own mailbox. Until then the
 * submission, its tracking link and this link are kept only for the confirmation window.
 */
export interface ConfirmLink {
  kind: 'confirm';
  hash: string;
  subject: Subject;
  createdAt: string;
  /** Until when the submission can be confirmed. */
  expiresAt: string;
  state: 'PENDING' | 'USED';
  pageSecret: string;
  /** The submitter, at the address the mail went to. */
  holder: Holder;
  /** What the mail and the page name the submission by: its title. */
  title: string;
  /** What pressing the button did: made the submission real, or (another application holds the NIP) refused it. */
  outcome?: { result: 'confirmed' | 'refused'; at: string };
}

export type LinkRecord = StepLink | TrackLink | PartnerLink | ConfirmLink;

/**
 * A link item as it is stored, in this shape or in one that an earlier version wrote: links
 * mailed before an upgrade keep working. Proposal links used to carry `proposalId` and their
 * own kinds (`decision`, `edit`, `track`), application tracking links the kind
 * `subject-track`, partner links `partnershipId`; they are read as the one shape above. Their
 * tokens are minted from the same step ids, so a reminder finds the same item either way. Step
 * links stored before task tokens were sealed hold theirs plain, as `taskToken`; the next
 * reminder's write seals it (and removes the plain one).
 */
export function upgradeLink(stored: Record<string, unknown>): LinkRecord {
  const { taskToken, ...item } = stored;
  if (taskToken !== undefined && item.sealedTaskToken === undefined) item.sealedTaskToken = taskToken;
  const { kind, proposalId, partnershipId, ...rest } = item;
  switch (kind) {
    case 'decision':
      return { ...rest, kind: 'step', subject: { type: 'proposal', id: String(proposalId) }, step: 'review' } as StepLink;
    case 'edit':
      return {
        attempt: 'primary',
        actions: ['resubmit'],
        ...rest,
        kind: 'step',
        subject: { type: 'proposal', id: String(proposalId) },
        step: 'revision',
      } as StepLink;
    case 'track':
      return (proposalId === undefined ? item : { ...rest, kind: 'track', subject: { type: 'proposal', id: String(proposalId) } }) as unknown as TrackLink;
    case 'subject-track':
      return { ...rest, kind: 'track' } as TrackLink;
    case 'partner':
      return (partnershipId === undefined
        ? item
        : { ...rest, kind: 'partner', subject: { type: 'partnership', id: String(partnershipId) } }) as unknown as PartnerLink;
    default:
      return item as unknown as LinkRecord;
  }
}

/** Why a step's conditional write did not apply, with its link and its subject's status as they are now. */
export class StepConflict extends Error {
  override readonly name: string = 'StepConflict';
  declare readonly link: LinkRecord | undefined;
  declare readonly status: string | undefined;
  constructor(link: LinkRecord | undefined, status: string | undefined) {
    super('The step no longer applies');
    // Non-enumerable: a link holds a task token, and a logged error must not carry it.
    Object.defineProperty(this, 'link', { value: link, enumerable: false });
    Object.defineProperty(this, 'status', { value: status, enumerable: false });
  }
}

/** A step link that was used and holds what was recorded. */
export const isUsedStep = (link: LinkRecord | undefined): boolean => link?.kind === 'step' && link.state === 'USED' && link.outcome !== undefined;

/** The step link a conflict found, if it is one and was used: what a late wait should be handed. */
export function usedStepLink(error: unknown): StepLink | undefined {
  return error instanceof StepConflict && isUsedStep(error.link) ? (error.link as StepLink) : undefined;
}
