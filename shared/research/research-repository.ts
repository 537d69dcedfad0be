import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import type { StepStore } from '../kernel/steps/human-step.js';
import { StepConflict, type Subject, type TrackLink } from '../kernel/steps/step-link.js';
import type { ListPosition } from '../kernel/store/cursors.js';
import { isCancellation, linkKey, strip, TableStore, type TransactItem } from '../kernel/store/table-store.js';
import type { ProjectStatus } from './research.schema.js';
import type {
  ConsentStatus,
  ExtensionRecord,
  MilestoneRecord,
  MilestoneReview,
  MilestoneSubmission,
  ProjectEvent,
  ProjectMember,
  ProjectRecord,
  ProjectWithTeam,
  ResearchOutcome,
  ResearchStepLink,
} from './research-records.js';

/**
 * The research workflow's data access. A project, its members and its milestones are items of
 * one partition, so a project and everything about it is one query; every change is one
 * conditional transaction with its event, so a replayed or racing step cannot apply twice.
 */

const two = (n: number) => String(n).padStart(2, '0');
const keys = {
  project: (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' }),
  member: (projectId: string, n: number) => ({ pk: `PROJECT#${projectId}`, sk: `MEMBER#${two(n)}` }),
  milestone: (projectId: string, n: number) => ({ pk: `PROJECT#${projectId}`, sk: `MILESTONE#${two(n)}` }),
  event: (projectId: string, key: string) => ({ pk: `PROJECT#${projectId}`, sk: `EVENT#${key}` }),
  partnership: (id: string) => ({ pk: `PARTNERSHIP#${id}`, sk: 'PARTNERSHIP' }),
};
const index = {
  /** Coordinators list projects by status, newest last. */
  byStatus: (status: ProjectStatus) => `PROJECTS#${status}`,
  /** A partner's page lists the projects proposed under its partnership. */
  byPartnership: (partnershipId: string) => `PARTNERSHIP#${partnershipId}#PROJECTS`,
};

/** The subject a step or event is about: a project, a member (`projectId/n`) or a milestone (`projectId/n`). */
export const memberSubject = (projectId: string, n: number): Subject => ({ type: 'project-member', id: `${projectId}/${n}` });
export const milestoneSubject = (projectId: string, n: number): Subject => ({ type: 'milestone', id: `${projectId}/${n}` });
export const projectSubject = (projectId: string): Subject => ({ type: 'project', id: projectId });

/** The project a subject belongs to, and the key of the subject's own item. */
export function subjectItem(subject: Subject): { projectId: string; key: { pk: string; sk: string } } {
  if (subject.type === 'project') return { projectId: subject.id, key: keys.project(subject.id) };
  const [projectId = '', n = ''] = subject.id.split('/');
  const number = Number(n);
  if (subject.type === 'project-member') return { projectId, key: keys.member(projectId, number) };
  if (subject.type === 'milestone') return { projectId, key: keys.milestone(projectId, number) };
  throw new Error(`Not a research subject: ${subject.type}`);
}

/** A member as stored: the consent is the item's status, so the kernel's steps move it. */
type MemberItem = Omit<ProjectMember, 'consent'> & { projectId: string; status: ConsentStatus };

/** One page of a status list, and where the next one starts (absent on the last page). */
export interface ProjectPage {
  items: ProjectRecord[];
  next?: ListPosition;
}

export class ResearchRepository extends TableStore implements StepStore<ProjectEvent> {
  getProject(id: string): Promise<ProjectRecord | undefined> {
    return this.getItem<ProjectRecord>(keys.project(id));
  }

  getPartnership(id: string): Promise<PartnershipRecord | undefined> {
    return this.getItem<PartnershipRecord>(keys.partnership(id));
  }

  /**
   * A project with its team, its milestones (in order) and its history (oldest first): its
   * partition but the logbook (`LOG#…`, `LOGDAY#…`, which grows with every day of work and is
   * read on its own), as the two key ranges around it: the state, then the history, so the
   * history holds every event that led to the state read (two reads are no snapshot).
   */
  async getProjectWhole(id: string): Promise<{ project: ProjectWithTeam; milestones: MilestoneRecord[]; history: ProjectEvent[] } | undefined> {
    const pk = keys.project(id).pk;
    const range = (condition: string, bound: string) =>
      this.queryItems({ KeyConditionExpression: `pk = :pk AND ${condition}`, ExpressionAttributeValues: { ':pk': pk, ':bound': bound }, ConsistentRead: true });
    // The project, its team and milestones first, then the history: every event of the state read is then in it.
    const state = await range('sk >= :bound', 'M');
    const items = [...state, ...(await range('sk < :bound', 'LOG#'))];
    // Each item says what it is by its entity, which the domain's shape leaves out.
    const of = (entity: string) => items.filter((item) => item.entity === entity).map((item) => strip<Record<string, unknown>>(item)!);
    const project = of('project')[0] as unknown as ProjectRecord | undefined;
    if (!project) return undefined;
    const members = (of('project-member') as unknown as MemberItem[])
      .sort((a, b) => a.number - b.number)
      .map(({ projectId: _, status, ...member }) => ({ ...member, consent: status }));
    const milestones = (of('milestone') as unknown as MilestoneRecord[]).sort((a, b) => a.number - b.number);
    const history = (of('event') as unknown as ProjectEvent[]).sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
    return { project: { ...project, members }, milestones, history };
  }

  async getProjectWithTeam(id: string): Promise<ProjectWithTeam | undefined> {
    return (await this.getProjectWhole(id))?.project;
  }

  /**
   * The status of a project, member or milestone. A milestone in review whose round the first
   * decision settled (the `any` rule) answers SETTLED, so the other reviewer's link and wait end.
   */
  async getSubjectStatus(subject: Subject): Promise<string | undefined> {
    const item = await this.getItem<{ status: string; settled?: unknown }>(subjectItem(subject).key);
    return item?.status === 'IN_REVIEW' && item.settled ? 'SETTLED' : item?.status;
  }

  getMilestone(projectId: string, n: number): Promise<MilestoneRecord | undefined> {
    return this.getItem<MilestoneRecord>(keys.milestone(projectId, n));
  }

  /** Binds a milestone's open submission link to the wait of its execution (no event: a wait is not a step). */
  async bindWait(hash: string, sealedTaskToken: string, subject: Subject): Promise<void> {
    await this.transact([this.rebindLink(hash, sealedTaskToken)], hash, subject);
  }

  /** Closes a reviewer's link that the other reviewer's first decision made moot (the `any` rule). */
  async closeSettledLink(hash: string, subject: Subject, event: ProjectEvent): Promise<void> {
    await this.transact([this.closeLink(hash, 'SUPERSEDED', event.at), this.putEvent(event)], hash, subject);
  }

  /** Keeps what the lead typed without sending it, while the milestone can still be sent. */
  async saveDraft(projectId: string, n: number, draft: NonNullable<MilestoneRecord['draft']>): Promise<void> {
    await this.writeOrExplain(
      [
        {
          Update: {
            TableName: this.table,
            Key: keys.milestone(projectId, n),
            ConditionExpression: '#status IN (:open, :revision)',
            UpdateExpression: 'SET #draft = :draft',
            ExpressionAttributeNames: { '#status': 'status', '#draft': 'draft' },
            ExpressionAttributeValues: { ':open': 'OPEN', ':revision': 'REVISION_REQUESTED', ':draft': draft },
          },
        },
      ],
      async () => new StepConflict(undefined, await this.getSubjectStatus(milestoneSubject(projectId, n))),
    );
  }

  /**
   * The lead sends a milestone: the link is used once, the milestone is SUBMITTED with this
   * round's submission added to the earlier ones (the draft goes), with its event.
   */
  async submitMilestone(args: {
    link: ResearchStepLink;
    outcome: ResearchOutcome;
    event: ProjectEvent;
    submission: MilestoneSubmission;
    whileStatus: string;
  }): Promise<void> {
    const { link, outcome, event, submission, whileStatus } = args;
    const { key } = subjectItem(link.subject);
    await this.transact(
      [
        this.useLink(link, outcome),
        {
          Update: {
            TableName: this.table,
            Key: key,
            ConditionExpression: '#status = :while',
            UpdateExpression:
              'SET #status = :submitted, #round = :round, updatedAt = :at, #submissions = list_append(if_not_exists(#submissions, :none), :submission) REMOVE #draft',
            ExpressionAttributeNames: { '#status': 'status', '#round': 'round', '#submissions': 'submissions', '#draft': 'draft' },
            ExpressionAttributeValues: {
              ':while': whileStatus,
              ':submitted': 'SUBMITTED',
              ':round': submission.round,
              ':at': event.at,
              ':none': [],
              ':submission': [submission],
            },
          },
        },
        this.putEvent(event),
      ],
      link.hash,
      link.subject,
    );
  }

  /**
   * A reviewer's decision: the link is used once while the milestone is in review and its round
   * not settled. Under the `any` rule the first decision also settles the round (`settle`), so a
   * second decision at the same instant finds it settled and is refused.
   */
  async decideReview(args: {
    link: ResearchStepLink;
    outcome: ResearchOutcome;
    event: ProjectEvent;
    settle?: NonNullable<MilestoneRecord['settled']>;
  }): Promise<void> {
    const { link, outcome, event, settle } = args;
    const { key } = subjectItem(link.subject);
    const condition = {
      TableName: this.table,
      Key: key,
      ConditionExpression: '#status = :inReview AND attribute_not_exists(#settled)',
      ExpressionAttributeNames: { '#status': 'status', '#settled': 'settled' },
    };
    const milestoneChange: TransactItem = settle
      ? { Update: { ...condition, UpdateExpression: 'SET #settled = :settled', ExpressionAttributeValues: { ':inReview': 'IN_REVIEW', ':settled': settle } } }
      : { ConditionCheck: { ...condition, ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' } } };
    await this.transact([this.useLink(link, outcome), milestoneChange, this.putEvent(event)], link.hash, link.subject);
  }

  /**
   * Ends a round of a milestone's review: the milestone moves on (APPROVED, sent back for the
   * next round, NOT_ACCEPTED) with the round's decisions added to the earlier ones, its event,
   * and whatever comes with it (the project completed and its members' JP), all or nothing.
   */
  async concludeRound(args: {
    milestone: MilestoneRecord;
    to: 'APPROVED' | 'REVISION_REQUESTED' | 'NOT_ACCEPTED';
    reviews: MilestoneReview[];
    event: ProjectEvent;
    set?: Record<string, unknown>;
    with?: TransactItem[];
  }): Promise<void> {
    const { milestone, to, reviews, event } = args;
    const set = Object.entries(args.set ?? {});
    await this.transact(
      [
        {
          Update: {
            TableName: this.table,
            Key: keys.milestone(milestone.projectId, milestone.number),
            ConditionExpression: '#status = :inReview AND #round = :round',
            UpdateExpression: `SET #status = :to, updatedAt = :at, #reviews = list_append(if_not_exists(#reviews, :none), :reviews)${set.map(([k]) => `, #x_${k} = :x_${k}`).join('')} REMOVE #settled`,
            ExpressionAttributeNames: {
              '#status': 'status',
              '#round': 'round',
              '#reviews': 'reviews',
              '#settled': 'settled',
              ...Object.fromEntries(set.map(([k]) => [`#x_${k}`, k])),
            },
            ExpressionAttributeValues: {
              ':inReview': 'IN_REVIEW',
              ':round': milestone.round,
              ':to': to,
              ':at': event.at,
              ':none': [],
              ':reviews': reviews,
              ...Object.fromEntries(set.map(([k, v]) => [`:x_${k}`, v])),
            },
          },
        },
        this.putEvent(event),
        ...(args.with ?? []),
      ],
      undefined,
      milestoneSubject(milestone.projectId, milestone.number),
    );
  }

  /**
   * The lead asks for a new due date: the request is added to the milestone's extensions as
   * PENDING, only while the milestone is open and no other request waits, with its event.
   */
  async requestExtension(milestone: MilestoneRecord, extension: ExtensionRecord, event: ProjectEvent): Promise<void> {
    await this.transact(
      [
        {
          Update: {
            TableName: this.table,
            Key: keys.milestone(milestone.projectId, milestone.number),
            ConditionExpression: '#status = :open AND attribute_not_exists(#pending)',
            UpdateExpression: 'SET #pending = :number, #extensions = list_append(if_not_exists(#extensions, :none), :extension), updatedAt = :at',
            ExpressionAttributeNames: { '#status': 'status', '#pending': 'pendingExtension', '#extensions': 'extensions' },
            ExpressionAttributeValues: { ':open': 'OPEN', ':number': extension.number, ':none': [], ':extension': [extension], ':at': event.at },
          },
        },
        this.putEvent(event),
      ],
      undefined,
      milestoneSubject(milestone.projectId, milestone.number),
    );
  }

  /**
   * The coordinator's decision on a pending extension: kept on it (APPROVED or REFUSED, when,
   * the comment); an approval moves the due date while the milestone is still open (so its
   * reminders are planned again, and an overdue mark of the old date goes). Once.
   */
  async decideExtension(args: {
    milestone: MilestoneRecord;
    number: number;
    status: 'APPROVED' | 'REFUSED';
    decidedAt: string;
    comment?: string;
    event: ProjectEvent;
  }): Promise<void> {
    const { milestone, number, status, decidedAt, comment, event } = args;
    const i = number - 1;
    const approved = status === 'APPROVED';
    await this.transact(
      [
        {
          Update: {
            TableName: this.table,
            Key: keys.milestone(milestone.projectId, milestone.number),
            ConditionExpression: approved ? '#pending = :number AND #status = :open' : '#pending = :number',
            UpdateExpression: `SET #extensions[${i}].#state = :state, #extensions[${i}].decidedAt = :at${comment ? `, #extensions[${i}].#comment = :comment` : ''}${approved ? ', dueDate = :due, updatedAt = :at REMOVE #pending, overdueAt' : ' REMOVE #pending'}`,
            ExpressionAttributeNames: {
              '#pending': 'pendingExtension',
              '#extensions': 'extensions',
              '#state': 'status',
              ...(approved ? { '#status': 'status' } : {}),
              ...(comment ? { '#comment': 'comment' } : {}),
            },
            ExpressionAttributeValues: {
              ':number': number,
              ':state': status,
              ':at': decidedAt,
              ...(comment ? { ':comment': comment } : {}),
              ...(approved ? { ':open': 'OPEN', ':due': milestone.extensions[i]?.newDueDate } : {}),
            },
          },
        },
        this.putEvent(event),
      ],
      undefined,
      milestoneSubject(milestone.projectId, milestone.number),
    );
  }

  /** Marks a milestone overdue, once. */
  async markOverdue(projectId: string, n: number, at: string): Promise<void> {
    try {
      await this.write([
        {
          Update: {
            TableName: this.table,
            Key: keys.milestone(projectId, n),
            ConditionExpression: 'attribute_not_exists(#overdueAt)',
            UpdateExpression: 'SET #overdueAt = :at',
            ExpressionAttributeNames: { '#overdueAt': 'overdueAt' },
            ExpressionAttributeValues: { ':at': at },
          },
        },
      ]);
    } catch (error) {
      if (!(isCancellation(error) && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'))) throw error;
    }
  }

  /** The items that move a project on with its event, written with others (its final milestone's approval). */
  projectMoveItems(projectId: string, from: ProjectStatus[], to: ProjectStatus, event: ProjectEvent): TransactItem[] {
    return [this.move(projectSubject(projectId), from, to, event.at), this.putEvent(event)];
  }

  /** The table's name, for items a kernel module builds (the JP credits). */
  get tableName(): string {
    return this.table;
  }

  /** Every project proposed under a partnership, oldest first. */
  listPartnerProjects(partnershipId: string): Promise<ProjectRecord[]> {
    return this.queryAll<ProjectRecord>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': index.byPartnership(partnershipId) },
    });
  }

  /** Projects in a status, newest first, a page at a time (one item more is read to know whether more follow). */
  async listProjects(status: ProjectStatus, page: { limit: number; after?: ListPosition }): Promise<ProjectPage> {
    const pk = index.byStatus(status);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: page.limit + 1,
        ExclusiveStartKey: page.after && { ...keys.project(page.after.id), gsi1pk: pk, gsi1sk: `${page.after.createdAt}#${page.after.id}` },
      }),
    );
    const items = Items.slice(0, page.limit).map((item) => strip<ProjectRecord>(item)!);
    const last = Items.length > page.limit ? items[page.limit - 1] : undefined;
    return last ? { items, next: { createdAt: last.createdAt, id: last.id } } : { items };
  }

  /** Stores a proposed project with its members, its milestones (PLANNED), its tracking link and its first event, or nothing. */
  async createProject(project: ProjectRecord, members: ProjectMember[], milestones: MilestoneRecord[], track: TrackLink, event: ProjectEvent): Promise<void> {
    await this.write([
      this.putNew({
        ...keys.project(project.id),
        entity: 'project',
        gsi1pk: index.byStatus(project.status),
        gsi1sk: `${project.createdAt}#${project.id}`,
        gsi2pk: index.byPartnership(project.partnershipId),
        gsi2sk: `${project.createdAt}#${project.id}`,
        ...project,
      }),
      ...members.map(({ consent, ...member }) =>
        this.putNew({ ...keys.member(project.id, member.number), entity: 'project-member', projectId: project.id, status: consent, ...member }),
      ),
      ...milestones.map((milestone) => this.putNew({ ...keys.milestone(project.id, milestone.number), entity: 'milestone', ...milestone })),
      this.putNew({ ...linkKey(track.hash), entity: 'link', ...track }),
      this.putEvent(event),
    ]);
  }

  /** Removes a project whose workflow did not start, with everything `createProject` wrote. */
  async deleteProject(project: ProjectRecord, members: ProjectMember[], milestones: MilestoneRecord[], track: TrackLink, event: ProjectEvent): Promise<void> {
    await this.write(
      [
        keys.project(project.id),
        ...members.map((m) => keys.member(project.id, m.number)),
        ...milestones.map((m) => keys.milestone(project.id, m.number)),
        linkKey(track.hash),
        keys.event(project.id, event.key),
      ].map((Key) => ({ Delete: { TableName: this.table, Key } })),
    );
  }

  /** Opens (or, on a retried task, re-opens) a step link, moves its subject to the status the step implies, with the event. */
  async openStep(args: { link: ResearchStepLink; fromStatuses: string[]; toStatus: string; event: ProjectEvent; supersede?: string }): Promise<void> {
    const { link, fromStatuses, toStatus, event, supersede } = args;
    const items: TransactItem[] = [];
    if (supersede) items.push(this.closeLink(supersede, 'SUPERSEDED', event.at));
    items.push(this.openLink({ ...link }), this.move(link.subject, fromStatuses, toStatus, event.at), this.putEvent(event));
    await this.transact(items, link.hash, link.subject);
  }

  async rebindStep(hash: string, sealedTaskToken: string, subject: Subject, event: ProjectEvent): Promise<void> {
    await this.transact([this.rebindLink(hash, sealedTaskToken), this.putEvent(event)], hash, subject);
  }

  /**
   * Ends a link whose step ran out: a member nobody answered for has NO_ANSWER, a project ends
   * EXPIRED; a milestone stays where it is (a reviewer who does not answer does not end it), as
   * long as it is still at the step and its round unsettled.
   */
  async expireStep(hash: string, subject: Subject, fromStatuses: string[], event: ProjectEvent): Promise<void> {
    const subjectChange: TransactItem =
      subject.type === 'milestone'
        ? {
            ConditionCheck: {
              TableName: this.table,
              Key: subjectItem(subject).key,
              ConditionExpression: `#status IN (${fromStatuses.map((_, i) => `:from${i}`).join(', ')}) AND attribute_not_exists(#settled)`,
              ExpressionAttributeNames: { '#status': 'status', '#settled': 'settled' },
              ExpressionAttributeValues: Object.fromEntries(fromStatuses.map((status, i) => [`:from${i}`, status])),
            },
          }
        : this.move(subject, fromStatuses, subject.type === 'project-member' ? 'NO_ANSWER' : 'EXPIRED', event.at);
    await this.transact([this.closeLink(hash, 'EXPIRED', event.at), subjectChange, this.putEvent(event)], hash, subject);
  }

  /**
   * Uses a link once (PENDING → USED) while its subject is still at the link's step, moving the
   * subject as the decision implies (a member's consent given or refused), with the event.
   */
  async consumeStep(args: {
    link: ResearchStepLink;
    outcome: ResearchOutcome;
    event: ProjectEvent;
    whileStatus: string;
    move?: { to: string; set?: Record<string, unknown> };
  }): Promise<void> {
    const { link, outcome, event, whileStatus, move } = args;
    const { key } = subjectItem(link.subject);
    const subjectItemChange: TransactItem = move
      ? this.move(link.subject, [whileStatus], move.to, event.at, move.set)
      : {
          ConditionCheck: {
            TableName: this.table,
            Key: key,
            ConditionExpression: '#status = :status',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': whileStatus },
          },
        };
    await this.transact([this.useLink(link, outcome), subjectItemChange, this.putEvent(event)], link.hash, link.subject);
  }

  /**
   * The partner resubmits a plan sent back for revision: the edit link is used once, the project
   * takes the new text and the next round and returns to PLAN_REVIEW, and its milestones are the
   * resubmitted ones (PLANNED; any beyond their number removed), all in one transaction.
   */
  async resubmitPlan(args: {
    link: ResearchStepLink;
    outcome: ResearchOutcome;
    event: ProjectEvent;
    data: ProjectRecord['data'];
    round: number;
    milestones: MilestoneRecord[];
    previousMilestones: number;
  }): Promise<void> {
    const { link, outcome, event, data, round, milestones, previousMilestones } = args;
    const projectId = link.subject.id;
    const removed = Array.from({ length: Math.max(0, previousMilestones - milestones.length) }, (_, i) => milestones.length + i + 1);
    await this.transact(
      [
        this.useLink(link, outcome),
        this.move(link.subject, ['REVISION_REQUESTED'], 'PLAN_REVIEW', event.at, { data, round }),
        this.putEvent(event),
        ...milestones.map((m) => ({ Put: { TableName: this.table, Item: { ...keys.milestone(projectId, m.number), entity: 'milestone', ...m } } })),
        ...removed.map((n) => ({ Delete: { TableName: this.table, Key: keys.milestone(projectId, n) } })),
      ],
      link.hash,
      link.subject,
    );
  }

  /** Moves a project, a member or a milestone from one status to another, with its event and any items written together. */
  async moveSubject(args: {
    subject: Subject;
    fromStatuses: string[];
    toStatus: string;
    event: ProjectEvent;
    set?: Record<string, unknown>;
    with?: TransactItem[];
  }): Promise<void> {
    const { subject, fromStatuses, toStatus, event, set } = args;
    await this.transact([this.move(subject, fromStatuses, toStatus, event.at, set), this.putEvent(event), ...(args.with ?? [])], undefined, subject);
  }

  /**
   * Records an event that stands for a mail to send once (a member told they left the team, a
   * milestone's reminder): true when this call recorded it, false when it was recorded before.
   * A sender that then fails calls `releaseEvent`, so a retry sends it after all.
   */
  async claimEvent(event: ProjectEvent): Promise<boolean> {
    try {
      await this.write([this.putEvent(event, true)]);
      return true;
    } catch (error) {
      // Recorded before; a transaction in flight on the same event (TransactionConflict) is tried again by the task's retry.
      if (isCancellation(error) && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /**
   * Does `work` (a mail) once, whatever retries and replays follow: the event that stands for it
   * is recorded first, and released if the work fails, so a retry does it after all.
   */
  async once(event: ProjectEvent, work: () => Promise<void>): Promise<void> {
    if (!(await this.claimEvent(event))) return;
    try {
      await work();
    } catch (error) {
      await this.releaseEvent(event);
      throw error;
    }
  }

  async releaseEvent(event: ProjectEvent): Promise<void> {
    await this.write([{ Delete: { TableName: this.table, Key: keys.event(subjectItem(event.subject).projectId, event.key) } }]);
  }

  /** A link that goes out with a project's activation: the lead's and each member's private project page. */
  linkItem(link: TrackLink): TransactItem {
    return { Put: { TableName: this.table, Item: { ...linkKey(link.hash), entity: 'link', ...link } } };
  }

  /** One transaction; a step that no longer applies throws StepConflict with the link and the subject's status as they are now. */
  private async transact(items: TransactItem[], linkHash: string | undefined, subject: Subject): Promise<void> {
    await this.writeOrExplain(items, async () => {
      // The status first, then the link: a decision that moved the subject (a consent) has used the
      // link by then, so a losing click sees both as the winner left them, never a moved subject
      // beside a link read before the winner's write.
      const status = await this.getSubjectStatus(subject);
      const link = linkHash ? await this.getLink(linkHash) : undefined;
      return new StepConflict(link, status);
    });
  }

  /** An event; `once` refuses one recorded before (a retried step otherwise writes the same event again). */
  private putEvent(event: ProjectEvent, once = false): TransactItem {
    const item = { ...keys.event(subjectItem(event.subject).projectId, event.key), entity: 'event', ...event };
    return once ? this.putNew(item) : { Put: { TableName: this.table, Item: item } };
  }

  /**
   * A project's status is also its list's index key. A milestone moves only while its round is
   * unsettled: the other reviewer's escalation must not open a link after the first decision.
   */
  private move(subject: Subject, from: string[], to: string, at: string, set: Record<string, unknown> = {}): TransactItem {
    const { key } = subjectItem(subject);
    const item = this.moveItem(key, from, to, at, subject.type === 'project' ? { ...set, gsi1pk: index.byStatus(to as ProjectStatus) } : set);
    if (subject.type !== 'milestone' || !item.Update) return item;
    return {
      Update: {
        ...item.Update,
        ConditionExpression: `${item.Update.ConditionExpression} AND attribute_not_exists(#settled)`,
        ExpressionAttributeNames: { ...item.Update.ExpressionAttributeNames, '#settled': 'settled' },
      },
    };
  }

  /**
   * Adds one logbook entry (`LOG#<author>#<date>#<id>`) with the count of its author's entries
   * for its date (`LOGDAY#<author>#<date>`), set only from the count read: two entries written at
   * once cannot both take the last place, so a day holds at most `maxPerDay` whatever races.
   * 'day-full' when it holds that many already; 'busy' when other entries of the day kept winning.
   */
  async addLogbookEntry(entry: import('./logbook.js').LogbookEntry, maxPerDay: number): Promise<'added' | 'day-full' | 'busy'> {
    const { pk } = keys.project(entry.projectId);
    const author = entry.by.role === 'lead' ? 'lead' : `member-${two(entry.by.member ?? 0)}`;
    const day = { pk, sk: `LOGDAY#${author}#${entry.date}` };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const count = (await this.getItem<{ count: number }>(day))?.count ?? 0;
      if (count >= maxPerDay) return 'day-full';
      try {
        await this.write([
          this.putNew({ pk, sk: `LOG#${author}#${entry.date}#${entry.id}`, entity: 'logbook', ...entry }),
          {
            Put: {
              TableName: this.table,
              Item: { ...day, entity: 'logbook-day', projectId: entry.projectId, count: count + 1 },
              ...(count === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: '#count = :count', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':count': count } }),
            },
          },
        ]);
        return 'added';
      } catch (error) {
        const lost =
          isCancellation(error) && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
        if (!lost) throw error;
      }
    }
    return 'busy';
  }

  /** Every logbook entry of a project, whoever wrote it, oldest first (by date, then by when it was written). */
  async logbook(projectId: string): Promise<import('./logbook.js').LogbookEntry[]> {
    const entries = await this.queryAll<import('./logbook.js').LogbookEntry>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':pk': keys.project(projectId).pk, ':log': 'LOG#' },
      ConsistentRead: true,
    });
    return entries.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  }
}
