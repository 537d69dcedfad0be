import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import type { PendingConfirmation } from '../kernel/steps/confirmation.js';
import type { StepStore } from '../kernel/steps/human-step.js';
import { type ConfirmLink, type LinkRecord, type PartnerLink, StepConflict, type StepLink, type Subject, type TrackLink } from '../kernel/steps/step-link.js';
import type { ListPosition } from '../kernel/store/cursors.js';
import type { IdempotencyRecord } from '../kernel/store/table-store.js';
import { linkKey, strip, TableStore, type TransactItem } from '../kernel/store/table-store.js';
import type { ProposalStatus } from './proposal.schema.js';
import type { ActionLink, AuditEvent, Outcome, ProposalRecord } from './proposal-records.js';

const keys = {
  proposal: (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'PROPOSAL' }),
  event: (proposalId: string, key: string) => ({ pk: `PROPOSAL#${proposalId}`, sk: `EVENT#${key}` }),
  link: linkKey,
  partnership: (id: string) => ({ pk: `PARTNERSHIP#${id}`, sk: 'PARTNERSHIP' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
};
const statusIndex = (status: ProposalStatus) => ({ gsi1pk: `PROPOSALS#${status}` });

/** One page of a status list, and where the next one starts (absent on the last page). */
export interface ProposalPage {
  items: ProposalRecord[];
  next?: ListPosition;
}

/**
 * Why a conditional step of a proposal did not apply, with the link and the proposal as they
 * are now, for the caller to say what happened. Both are non-enumerable: a link holds a task
 * token and a proposal personal data, and a logged error must carry neither.
 */
export class ProposalConflict extends StepConflict {
  override readonly name = 'ProposalConflict';
  declare readonly proposal: ProposalRecord | undefined;
  constructor(link: LinkRecord | undefined, proposal: ProposalRecord | undefined) {
    super(link, proposal?.status);
    Object.defineProperty(this, 'proposal', { value: proposal, enumerable: false });
  }
}

/**
 * The proposal workflow's data access: every state change is one conditional transaction
 * (the status it expects → the status it sets, with its audit event), so a replayed or racing
 * request cannot apply twice and a fault leaves nothing half-written.
 */
export class ProposalRepository extends TableStore implements StepStore<AuditEvent> {
  async getProposal(id: string): Promise<ProposalRecord | undefined> {
    return this.getItem<ProposalRecord>(keys.proposal(id));
  }

  /** The audit trail of a proposal, oldest first. */
  async history(proposalId: string): Promise<AuditEvent[]> {
    const events = await this.queryAll<AuditEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `PROPOSAL#${proposalId}`, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
    return events.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  }

  /**
   * The proposals in one status, newest first, a page at a time: one query on the status
   * index. One item more than asked for is read, so a last page says so instead of pointing
   * to an empty one.
   */
  async listByStatus(status: ProposalStatus, page: { limit: number; after?: ListPosition }): Promise<ProposalPage> {
    const { limit, after } = page;
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :status',
        ExpressionAttributeValues: { ':status': statusIndex(status).gsi1pk },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: after && { ...keys.proposal(after.id), ...statusIndex(status), gsi1sk: `${after.createdAt}#${after.id}` },
      }),
    );
    const items = Items.slice(0, limit).map((item) => strip<ProposalRecord>(item)!);
    const last = Items.length > limit ? Items[limit - 1] : undefined;
    if (!last) return { items };
    // The position is read from the index's own sort key, so the next page starts exactly there.
    const [createdAt = '', id = ''] = String(last.gsi1sk).split('#');
    return { items, next: { createdAt, id } };
  }

  async getIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined> {
    return this.getItem<IdempotencyRecord>(keys.idempotency(keyHash));
  }

  /**
   * Stores a new, unconfirmed proposal with its tracking link, its confirmation link and (if
   * given) the idempotent answer, together. Every item carries the `ttl` at which DynamoDB
   * removes it unless the proposal is confirmed; none is in a list (no status index) until then.
   */
  async createPendingProposal(proposal: ProposalRecord, track: TrackLink, confirm: PendingConfirmation, idempotency?: IdempotencyRecord): Promise<void> {
    const subject = { ...keys.proposal(proposal.id), gsi1sk: `${proposal.createdAt}#${proposal.id}`, entity: 'proposal', ...proposal };
    await this.write(this.pendingSubmission(subject, track, confirm, idempotency));
  }

  /** Undoes createPendingProposal when the confirmation mail could not be sent, so nothing is left that nobody can confirm. */
  async deletePendingProposal(proposal: ProposalRecord, track: TrackLink, confirm: PendingConfirmation, idempotencyKeyHash?: string): Promise<void> {
    await this.write(this.removePendingSubmission(keys.proposal(proposal.id), track, confirm, idempotencyKeyHash));
  }

  /**
   * The proposer confirmed: the link is used, the proposal becomes SUBMITTED (and listed), it and
   * its tracking link are kept from now on, and its first event is recorded, in one transaction.
   * Throws ProposalConflict when the link was used meanwhile or its window has ended.
   */
  async confirmProposal(confirm: ConfirmLink, trackHash: string, event: AuditEvent): Promise<void> {
    const id = confirm.subject.id;
    await this.transact(
      [
        this.useConfirmLink(confirm.hash, { result: 'confirmed', at: event.at }),
        {
          Update: {
            TableName: this.table,
            Key: keys.proposal(id),
            ConditionExpression: '#status = :unconfirmed',
            UpdateExpression: 'SET #status = :submitted, gsi1pk = :gsi1pk, updatedAt = :at REMOVE #ttl',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':unconfirmed': 'UNCONFIRMED',
              ':submitted': 'SUBMITTED',
              ':gsi1pk': statusIndex('SUBMITTED').gsi1pk,
              ':at': event.at,
            },
          },
        },
        this.keepLink(trackHash),
        this.putEvent(event),
      ],
      confirm.hash,
      id,
    );
  }

  /**
   * Opens (or, on a retried task, re-opens) an action link bound to a task token, moves the
   * proposal to the status the step implies, and records the event. An optional link is
   * superseded in the same transaction (an escalation replaces the primary approver's link).
   * Throws ProposalConflict when the link was already used or the proposal has moved on.
   */
  async openStep(args: { link: StepLink; fromStatuses: string[]; toStatus: string; event: AuditEvent; supersede?: string }): Promise<void> {
    const { link, fromStatuses, toStatus, event, supersede } = args;
    const proposalId = link.subject.id;
    const items: TransactItem[] = [];
    if (supersede) items.push(this.closeLink(supersede, 'SUPERSEDED', event.at));
    items.push(this.openLink({ ...link }));
    items.push(this.moveProposal(proposalId, fromStatuses as ProposalStatus[], toStatus as ProposalStatus, event.at));
    items.push(this.putEvent(event));
    await this.transact(items, link.hash, proposalId);
  }

  /** Binds a still-open link to a new task token (a reminder's wait), recording the event. */
  async rebindStep(hash: string, sealedTaskToken: string, subject: Subject, event: AuditEvent): Promise<void> {
    await this.transact([this.rebindLink(hash, sealedTaskToken), this.putEvent(event)], hash, subject.id);
  }

  /**
   * Uses a link once: PENDING → USED, only if it still holds the task token that was read and
   * has not expired, together with the proposal change the use implies and its event. A
   * decision with no proposal change counts only while the proposal is in review: a link
   * left open on a proposal that has moved out of review is refused rather than recorded.
   */
  async consumeStep(args: {
    link: ActionLink;
    outcome: Outcome;
    event: AuditEvent;
    proposalChange?: { fromStatuses: ProposalStatus[]; toStatus: ProposalStatus; set?: Partial<ProposalRecord> };
  }): Promise<void> {
    const { link, outcome, event, proposalChange } = args;
    const items: TransactItem[] = [this.useLink(link, outcome), this.putEvent(event)];
    if (proposalChange) items.push(this.moveProposal(link.subject.id, proposalChange.fromStatuses, proposalChange.toStatus, event.at, proposalChange.set));
    else if (link.step === 'review')
      items.push({
        ConditionCheck: {
          TableName: this.table,
          Key: keys.proposal(link.subject.id),
          ConditionExpression: '#status = :inReview',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' },
        },
      });
    await this.transact(items, link.hash, link.subject.id);
  }

  /** Ends a link whose step ran out (PENDING → EXPIRED) and the proposal with it. */
  async expireStep(hash: string, subject: Subject, fromStatuses: string[], event: AuditEvent): Promise<void> {
    await this.transact(
      [this.closeLink(hash, 'EXPIRED', event.at), this.moveProposal(subject.id, fromStatuses as ProposalStatus[], 'EXPIRED', event.at), this.putEvent(event)],
      hash,
      subject.id,
    );
  }

  /** Moves a proposal to a final status, with its event and any records that come with it (a partnership). */
  async closeProposal(args: {
    proposalId: string;
    fromStatuses: ProposalStatus[];
    toStatus: ProposalStatus;
    event: AuditEvent;
    partnership?: PartnershipRecord;
    /** The partner's private link, made with an internship partnership (the same link on a retry). */
    partnerLink?: PartnerLink;
  }): Promise<void> {
    const { proposalId, fromStatuses, toStatus, event, partnership, partnerLink } = args;
    const items: TransactItem[] = [
      this.moveProposal(proposalId, fromStatuses, toStatus, event.at, partnership ? { partnershipId: partnership.id } : undefined),
      this.putEvent(event),
    ];
    if (partnership)
      items.push(
        this.putNew({
          ...keys.partnership(partnership.id),
          gsi1pk: 'PARTNERSHIPS#ACTIVE',
          gsi1sk: `${partnership.startDate}#${partnership.id}`,
          entity: 'partnership',
          ...partnership,
        }),
      );
    if (partnerLink) items.push({ Put: { TableName: this.table, Item: { ...keys.link(partnerLink.hash), entity: 'link', ...partnerLink } } });
    await this.transact(items, undefined, proposalId);
  }

  async getPartnership(id: string): Promise<PartnershipRecord | undefined> {
    return this.getItem<PartnershipRecord>(keys.partnership(id));
  }

  /** One transaction; a step that no longer applies throws ProposalConflict with the link and proposal as they are now. */
  private async transact(items: TransactItem[], linkHash: string | undefined, proposalId: string): Promise<void> {
    await this.writeOrExplain(items, async () => {
      const [link, proposal] = await Promise.all([linkHash ? this.getLink(linkHash) : undefined, this.getProposal(proposalId)]);
      return new ProposalConflict(link, proposal);
    });
  }

  private putEvent(event: AuditEvent): TransactItem {
    return { Put: { TableName: this.table, Item: { ...keys.event(event.proposalId, event.key), entity: 'event', ...event } } };
  }

  private moveProposal(id: string, from: ProposalStatus[], to: ProposalStatus, at: string, set: Partial<ProposalRecord> = {}): TransactItem {
    return this.moveItem(keys.proposal(id), from, to, at, { ...set, gsi1pk: statusIndex(to).gsi1pk });
  }
}
