import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ProposalStatus } from '../proposals/proposal.schema.js';
import type {
  ActionLink,
  AuditEvent,
  DecisionLink,
  EditLink,
  IdempotencyRecord,
  LinkRecord,
  Outcome,
  PartnershipRecord,
  ProposalRecord,
  TrackLink,
} from './records.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const DAY_S = 86_400;
/** Used links stay readable (to say who decided) for a year, then DynamoDB's TTL removes them. */
const LINK_RETENTION_S = 365 * DAY_S;
const IDEMPOTENCY_RETENTION_S = DAY_S;

const keys = {
  proposal: (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'PROPOSAL' }),
  event: (proposalId: string, key: string) => ({ pk: `PROPOSAL#${proposalId}`, sk: `EVENT#${key}` }),
  link: (hash: string) => ({ pk: `LINK#${hash}`, sk: 'LINK' }),
  partnership: (id: string) => ({ pk: `PARTNERSHIP#${id}`, sk: 'PARTNERSHIP' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
};
const statusIndex = (status: ProposalStatus) => ({ gsi1pk: `PROPOSALS#${status}` });
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Where a page of a status list ended: its last proposal, by creation time and id (the index's sort key). */
export interface ListPosition {
  createdAt: string;
  id: string;
}

/** One page of a status list, and where the next one starts (absent on the last page). */
export interface ProposalPage {
  items: ProposalRecord[];
  next?: ListPosition;
}

/**
 * Why a conditional step did not apply, with the link and proposal as they are now, for the
 * caller to say what happened. Both are non-enumerable: a link holds a task token and a
 * proposal personal data, and a logged error must carry neither.
 */
export class StepConflict extends Error {
  override readonly name = 'StepConflict';
  declare readonly link: LinkRecord | undefined;
  declare readonly proposal: ProposalRecord | undefined;
  constructor(link: LinkRecord | undefined, proposal: ProposalRecord | undefined) {
    super('The step no longer applies');
    Object.defineProperty(this, 'link', { value: link, enumerable: false });
    Object.defineProperty(this, 'proposal', { value: proposal, enumerable: false });
  }
}

function strip<T extends object>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ttl: _ttl, entity: _e, ...rest } = item;
  return rest as T;
}

function isCancellation(error: unknown): boolean {
  return (error as { name?: string })?.name === 'TransactionCanceledException';
}

/**
 * The proposal workflow's data access: every state change is one conditional transaction
 * (the status it expects → the status it sets, with its audit event), so a replayed or racing
 * request cannot apply twice and a fault leaves nothing half-written.
 */
export class ProposalRepository {
  constructor(private readonly db: DynamoDBDocumentClient, private readonly table: string) {}

  async getProposal(id: string): Promise<ProposalRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.proposal(id), ConsistentRead: true }));
    return strip<ProposalRecord>(Item);
  }

  async getLink(hash: string): Promise<LinkRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.link(hash), ConsistentRead: true }));
    return strip<LinkRecord>(Item);
  }

  /** The audit trail of a proposal, oldest first. */
  async history(proposalId: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `PROPOSAL#${proposalId}`, ':prefix': 'EVENT#' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) events.push(strip<AuditEvent>(item)!);
      start = page.LastEvaluatedKey;
    } while (start);
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
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.idempotency(keyHash), ConsistentRead: true }));
    return strip<IdempotencyRecord>(Item);
  }

  /** Stores a new proposal, its tracking link, its first event and (if given) the idempotent answer, together. */
  async createProposal(proposal: ProposalRecord, track: TrackLink, event: AuditEvent, idempotency?: IdempotencyRecord): Promise<void> {
    const items: TransactItem[] = [
      this.putNew({ ...keys.proposal(proposal.id), ...statusIndex(proposal.status), gsi1sk: `${proposal.createdAt}#${proposal.id}`, entity: 'proposal', ...proposal }),
      this.putNew({ ...keys.link(track.hash), entity: 'link', ...track }),
      this.putEvent(event),
    ];
    if (idempotency)
      items.push(this.putNew({ ...keys.idempotency(idempotency.keyHash), entity: 'idempotency', ttl: epochSeconds(proposal.createdAt) + IDEMPOTENCY_RETENTION_S, ...idempotency }));
    await this.write(items);
  }

  /** Undoes createProposal when the workflow could not be started, so nothing is left half-made. */
  async deleteProposal(proposal: ProposalRecord, track: TrackLink, event: AuditEvent, idempotencyKeyHash?: string): Promise<void> {
    const deletes = [keys.proposal(proposal.id), keys.link(track.hash), keys.event(event.proposalId, event.key)];
    if (idempotencyKeyHash) deletes.push(keys.idempotency(idempotencyKeyHash));
    await this.write(deletes.map((Key) => ({ Delete: { TableName: this.table, Key } })));
  }

  /**
   * Opens (or, on a retried task, re-opens) an action link bound to a task token, moves the
   * proposal to the status the step implies, and records the event. An optional link is
   * superseded in the same transaction (an escalation replaces the primary approver's link).
   * Throws StepConflict when the link was already used or the proposal has moved on.
   */
  async openStep(args: {
    link: DecisionLink | EditLink;
    proposalId: string;
    fromStatuses: ProposalStatus[];
    toStatus: ProposalStatus;
    event: AuditEvent;
    supersede?: string;
  }): Promise<void> {
    const { link, proposalId, fromStatuses, toStatus, event, supersede } = args;
    const { taskToken, state: _state, ...fixed } = link;
    const { hash } = link;
    const items: TransactItem[] = [];
    if (supersede) items.push(this.closeLink(supersede, 'SUPERSEDED', event.at));
    const fixedNames = Object.keys(fixed);
    items.push({
      Update: {
        TableName: this.table,
        Key: keys.link(hash),
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :pending',
        UpdateExpression: `SET #taskToken = :taskToken, #state = :pending, #ttl = :ttl, #entity = :entity, ${fixedNames
          .map((name) => `#${name} = if_not_exists(#${name}, :${name})`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(
          ['taskToken', 'state', 'ttl', 'entity', ...fixedNames].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: {
          ':taskToken': taskToken,
          ':pending': 'PENDING',
          ':ttl': epochSeconds(link.expiresAt) + LINK_RETENTION_S,
          ':entity': 'link',
          ...Object.fromEntries(Object.entries(fixed).map(([name, value]) => [`:${name}`, value])),
        },
      },
    });
    items.push(this.moveProposal(proposalId, fromStatuses, toStatus, event.at));
    items.push(this.putEvent(event));
    await this.transact(items, hash, proposalId);
  }

  /** Binds a still-open link to a new task token (a reminder's wait), recording the event. */
  async rebindStep(hash: string, taskToken: string, proposalId: string, event: AuditEvent): Promise<void> {
    await this.transact(
      [
        {
          Update: {
            TableName: this.table,
            Key: keys.link(hash),
            ConditionExpression: '#state = :pending',
            UpdateExpression: 'SET #taskToken = :taskToken',
            ExpressionAttributeNames: { '#state': 'state', '#taskToken': 'taskToken' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':taskToken': taskToken },
          },
        },
        this.putEvent(event),
      ],
      hash,
      proposalId,
    );
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
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table,
          Key: keys.link(link.hash),
          ConditionExpression: '#state = :pending AND #taskToken = :taskToken AND #expiresAt > :now',
          UpdateExpression: 'SET #state = :used, #outcome = :outcome, #closedAt = :now',
          ExpressionAttributeNames: { '#state': 'state', '#taskToken': 'taskToken', '#expiresAt': 'expiresAt', '#outcome': 'outcome', '#closedAt': 'closedAt' },
          ExpressionAttributeValues: { ':pending': 'PENDING', ':used': 'USED', ':taskToken': link.taskToken, ':now': outcome.decidedAt, ':outcome': outcome },
        },
      },
      this.putEvent(event),
    ];
    if (proposalChange)
      items.push(this.moveProposal(link.proposalId, proposalChange.fromStatuses, proposalChange.toStatus, event.at, proposalChange.set));
    else if (link.kind === 'decision')
      items.push({
        ConditionCheck: {
          TableName: this.table,
          Key: keys.proposal(link.proposalId),
          ConditionExpression: '#status = :inReview',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inReview': 'IN_REVIEW' },
        },
      });
    await this.transact(items, link.hash, link.proposalId);
  }

  /** Ends a link whose step ran out (PENDING → EXPIRED) and the proposal with it. */
  async expireStep(hash: string, proposalId: string, fromStatuses: ProposalStatus[], event: AuditEvent): Promise<void> {
    await this.transact(
      [this.closeLink(hash, 'EXPIRED', event.at), this.moveProposal(proposalId, fromStatuses, 'EXPIRED', event.at), this.putEvent(event)],
      hash,
      proposalId,
    );
  }

  /** Moves a proposal to a final status, with its event and any records that come with it (a partnership). */
  async closeProposal(args: { proposalId: string; fromStatuses: ProposalStatus[]; toStatus: ProposalStatus; event: AuditEvent; partnership?: PartnershipRecord }): Promise<void> {
    const { proposalId, fromStatuses, toStatus, event, partnership } = args;
    const items: TransactItem[] = [
      this.moveProposal(proposalId, fromStatuses, toStatus, event.at, partnership ? { partnershipId: partnership.id } : undefined),
      this.putEvent(event),
    ];
    if (partnership)
      items.push(
        this.putNew({ ...keys.partnership(partnership.id), gsi1pk: 'PARTNERSHIPS#ACTIVE', gsi1sk: `${partnership.startDate}#${partnership.id}`, entity: 'partnership', ...partnership }),
      );
    await this.transact(items, undefined, proposalId);
  }

  async getPartnership(id: string): Promise<PartnershipRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.partnership(id), ConsistentRead: true }));
    return strip<PartnershipRecord>(Item);
  }

  private async transact(items: TransactItem[], linkHash: string | undefined, proposalId: string): Promise<void> {
    try {
      await this.write(items);
    } catch (error) {
      if (!isCancellation(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      // A failed condition, or another transaction on the same items at the same moment (two
      // clicks on one link): either way the caller reads the current state and decides.
      if (!reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) throw error;
      const [link, proposal] = await Promise.all([linkHash ? this.getLink(linkHash) : undefined, this.getProposal(proposalId)]);
      throw new StepConflict(link, proposal);
    }
  }

  /**
   * Sends one transaction under a token of its own: the SDK's retries of this request reuse it,
   * so a retry after a lost response is answered as the write that already applied, not as a
   * failed condition.
   */
  private async write(items: TransactItem[]): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
  }

  private putNew(item: Record<string, unknown>): TransactItem {
    return { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  private putEvent(event: AuditEvent): TransactItem {
    return { Put: { TableName: this.table, Item: { ...keys.event(event.proposalId, event.key), entity: 'event', ...event } } };
  }

  private closeLink(hash: string, state: 'SUPERSEDED' | 'EXPIRED', at: string): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: keys.link(hash),
        ConditionExpression: '#state = :pending',
        UpdateExpression: 'SET #state = :state, #closedAt = :at',
        ExpressionAttributeNames: { '#state': 'state', '#closedAt': 'closedAt' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':state': state, ':at': at },
      },
    };
  }

  private moveProposal(id: string, from: ProposalStatus[], to: ProposalStatus, at: string, set: Partial<ProposalRecord> = {}): TransactItem {
    const fromNames = from.map((_, i) => `:from${i}`);
    const extra = Object.entries(set);
    return {
      Update: {
        TableName: this.table,
        Key: keys.proposal(id),
        ConditionExpression: `#status IN (${fromNames.join(', ')})`,
        UpdateExpression: `SET #status = :to, gsi1pk = :gsi1pk, updatedAt = :at${extra.map(([k]) => `, #x_${k} = :x_${k}`).join('')}`,
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(extra.map(([k]) => [`#x_${k}`, k])) },
        ExpressionAttributeValues: {
          ':to': to,
          ':gsi1pk': statusIndex(to).gsi1pk,
          ':at': at,
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          ...Object.fromEntries(extra.map(([k, v]) => [`:x_${k}`, v])),
        },
      },
    };
  }
}
