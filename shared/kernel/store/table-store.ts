import { createHash, randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PendingConfirmation } from '../steps/confirmation.js';
import { type LinkRecord, type TrackLink, upgradeLink } from '../steps/step-link.js';

/**
 * What a request made with an Idempotency-Key created: the id and its key version, not the
 * answer (which carries a private tracking link); a replay makes the answer again from them.
 */
export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  createdId: string;
  /** The link secret's key version of what was created; absent (1) in records made before key versions. */
  keyVersion?: string;
}

/** What an idempotency record says was created, also in the shape an earlier version stored (the whole first answer, for a day). */
export function createdOf(record: IdempotencyRecord | { body?: { id?: string } }): { id: string; keyVersion?: string } | undefined {
  if ('createdId' in record) return { id: record.createdId, keyVersion: record.keyVersion };
  return record.body?.id === undefined ? undefined : { id: record.body.id };
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Key = { pk: string; sk: string };

const DAY_S = 86_400;
/** Used links stay readable (to say who decided) for a year, then DynamoDB's TTL removes them. */
export const LINK_RETENTION_S = 365 * DAY_S;
export const IDEMPOTENCY_RETENTION_S = DAY_S;

export const linkKey = (hash: string): Key => ({ pk: `LINK#${hash}`, sk: 'LINK' });
export const idempotencyKey = (keyHash: string): Key => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });
export const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The condition that a link is still bound to the wait it was read with: its task token as
 * read (see upgradeLink), sealed, or plain in a link stored before sealing.
 */
function boundTo(sealedTaskToken: string) {
  return {
    condition: '(#sealedTaskToken = :bound OR #taskToken = :bound)',
    names: { '#sealedTaskToken': 'sealedTaskToken', '#taskToken': 'taskToken' },
    values: { ':bound': sealedTaskToken },
  };
}

/** An item as the domain sees it: without the table's key and index attributes. */
export function strip<T extends object>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _g3, gsi2sk: _g4, ttl: _ttl, entity: _e, ...rest } = item;
  return rest as T;
}

export function isCancellation(error: unknown): error is Error & { CancellationReasons?: { Code?: string }[] } {
  return (error as { name?: string })?.name === 'TransactionCanceledException';
}

/** A transaction refused because a condition failed or another transaction held an item. */
export function isConditionFailure(error: unknown): boolean {
  if (!isCancellation(error)) return false;
  return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
}

/** Which items of a cancelled transaction failed their condition, by their index in it. */
export function failedConditions(error: unknown): Set<number> {
  const failed = new Set<number>();
  if (isCancellation(error)) for (const [i, r] of (error.CancellationReasons ?? []).entries()) if (r.Code === 'ConditionalCheckFailed') failed.add(i);
  return failed;
}

/**
 * What every repository of the one table shares: consistent reads, transactions under a
 * request token of their own, and the items every workflow writes the same way (new items
 * that must not exist yet, and the state changes of a link).
 */
export abstract class TableStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  /** The link a token's hash opens, in the one link shape whatever version stored it. */
  async getLink(hash: string): Promise<LinkRecord | undefined> {
    const item = await this.getItem<Record<string, unknown>>(linkKey(hash));
    return item && upgradeLink(item);
  }

  /**
   * Takes one of `limit` requests a client may make under `scope` in the current hour (UTC), in
   * one conditional update that every function instance shares; answers how long to wait when
   * none is left. Clients are kept by the SHA-256 of their address, never the address itself.
   */
  async takeHourlySlot(scope: string, client: string, limit: number, now: Date): Promise<{ retryAfterSeconds: number } | undefined> {
    const hour = now.toISOString().slice(0, 13);
    const hourEnds = Date.parse(`${hour}:00:00.000Z`) + 3_600_000;
    const clientHash = createHash('sha256').update(client).digest('hex');
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `RATE#${scope}#${clientHash}`, sk: `HOUR#${hour}` },
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          UpdateExpression: 'SET #entity = :entity, #ttl = :ttl ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':limit': limit, ':one': 1, ':entity': 'rate', ':ttl': Math.floor(hourEnds / 1000) + 3_600 },
        }),
      );
      return undefined;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      return { retryAfterSeconds: Math.max(1, Math.ceil((hourEnds - now.getTime()) / 1000)) };
    }
  }

  protected async getItem<T extends object>(key: Key): Promise<T | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return strip<T>(Item);
  }

  /** Every item a query finds, page after page. */
  protected async queryAll<T extends object>(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<T[]> {
    return (await this.queryItems(input)).map((item) => strip<T>(item)!);
  }

  /** Every item a query finds, page after page, as stored (keys and entity included). */
  protected async queryItems(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Sends one transaction under a token of its own: the SDK's retries of this request reuse it,
   * so a retry after a lost response is answered as the write that already applied, not as a
   * failed condition.
   */
  protected async write(items: TransactItem[]): Promise<void> {
    await this.db.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID() }));
  }

  /**
   * Writes one transaction; when a condition fails, or another transaction on the same items
   * wins at the same moment (two clicks on one link), throws what `explain` makes of the state
   * read afresh, for the caller to say what happened.
   */
  protected async writeOrExplain(items: TransactItem[], explain: () => Promise<Error>): Promise<void> {
    try {
      await this.write(items);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw await explain();
    }
  }

  /**
   * Status from → to on the item at `key`, with `set` (a null removes the attribute), in one
   * conditional update: the one way every workflow moves a subject, so a replayed or racing
   * step cannot apply twice.
   */
  protected moveItem(key: Key, from: readonly string[], to: string, at: string, set: Record<string, unknown> = {}): TransactItem {
    const fromNames = from.map((_, i) => `:from${i}`);
    const entries = Object.entries(set);
    const sets = entries.filter(([, v]) => v !== null);
    const removes = entries.filter(([, v]) => v === null);
    return {
      Update: {
        TableName: this.table,
        Key: key,
        ConditionExpression: `#status IN (${fromNames.join(', ')})`,
        UpdateExpression: `SET #status = :to, updatedAt = :at${sets.map(([k]) => `, #x_${k} = :x_${k}`).join('')}${removes.length ? ` REMOVE ${removes.map(([k]) => `#x_${k}`).join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(entries.map(([k]) => [`#x_${k}`, k])) },
        ExpressionAttributeValues: {
          ':to': to,
          ':at': at,
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          ...Object.fromEntries(sets.map(([k, v]) => [`:x_${k}`, v])),
        },
      },
    };
  }

  protected putNew(item: Record<string, unknown>): TransactItem {
    return { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /**
   * The items of a new, unconfirmed submission: the subject (its key and attributes in `subject`),
   * its tracking link, its confirmation link and (if given) the idempotent answer, each new. All
   * but the idempotency record (kept its own day) carry the `ttl` at which DynamoDB removes them
   * unless the submission is confirmed.
   */
  protected pendingSubmission(
    subject: Key & Record<string, unknown> & { createdAt: string },
    track: TrackLink,
    confirm: PendingConfirmation,
    idempotency?: IdempotencyRecord,
  ): TransactItem[] {
    const items = [
      this.putNew({ ...subject, ttl: confirm.ttl }),
      this.putNew({ ...linkKey(track.hash), entity: 'link', ttl: confirm.ttl, ...track }),
      this.putNew({ ...linkKey(confirm.link.hash), entity: 'link', ttl: confirm.ttl, ...confirm.link }),
    ];
    if (idempotency)
      items.push(
        this.putNew({
          ...idempotencyKey(idempotency.keyHash),
          entity: 'idempotency',
          ttl: epochSeconds(subject.createdAt) + IDEMPOTENCY_RETENTION_S,
          ...idempotency,
        }),
      );
    return items;
  }

  /** Undoes pendingSubmission (the confirmation mail could not be sent): the subject only while still unconfirmed. */
  protected removePendingSubmission(subject: Key, track: TrackLink, confirm: PendingConfirmation, idempotencyKeyHash?: string): TransactItem[] {
    const others = [linkKey(track.hash), linkKey(confirm.link.hash), ...(idempotencyKeyHash ? [idempotencyKey(idempotencyKeyHash)] : [])];
    return [
      {
        Delete: {
          TableName: this.table,
          Key: subject,
          ConditionExpression: '#status = :unconfirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unconfirmed': 'UNCONFIRMED' },
        },
      },
      ...others.map((Key) => ({ Delete: { TableName: this.table, Key } })),
    ];
  }

  /** PENDING → SUPERSEDED or EXPIRED; with `sealedTaskToken` (as read), only while the link is still bound to that wait. */
  protected closeLink(hash: string, state: 'SUPERSEDED' | 'EXPIRED', at: string, sealedTaskToken?: string): TransactItem {
    const bound = sealedTaskToken === undefined ? undefined : boundTo(sealedTaskToken);
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(hash),
        ConditionExpression: bound ? `#state = :pending AND ${bound.condition}` : '#state = :pending',
        UpdateExpression: 'SET #state = :state, #closedAt = :at',
        ExpressionAttributeNames: { '#state': 'state', '#closedAt': 'closedAt', ...bound?.names },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':state': state, ':at': at, ...bound?.values },
      },
    };
  }

  /**
   * Opens an action link bound to a sealed task token, or re-opens it on a retried task: the
   * fields it was made with stay as first written, the task token is the new one (and a plain
   * one stored before sealing goes). Refused once used.
   */
  protected openLink(link: { hash: string; sealedTaskToken: string; expiresAt: string; state: string } & Record<string, unknown>): TransactItem {
    const { sealedTaskToken, state: _state, ...fixed } = link;
    const fixedNames = Object.keys(fixed);
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(link.hash),
        ConditionExpression: 'attribute_not_exists(pk) OR #state = :pending',
        UpdateExpression: `SET #sealedTaskToken = :sealedTaskToken, #state = :pending, #ttl = :ttl, #entity = :entity, ${fixedNames
          .map((name) => `#${name} = if_not_exists(#${name}, :${name})`)
          .join(', ')} REMOVE #taskToken`,
        ExpressionAttributeNames: Object.fromEntries(
          ['sealedTaskToken', 'taskToken', 'state', 'ttl', 'entity', ...fixedNames].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: {
          ':sealedTaskToken': sealedTaskToken,
          ':pending': 'PENDING',
          ':ttl': epochSeconds(link.expiresAt) + LINK_RETENTION_S,
          ':entity': 'link',
          ...Object.fromEntries(Object.entries(fixed).map(([name, value]) => [`:${name}`, value])),
        },
      },
    };
  }

  /** Binds a still-open link to a new sealed task token (a reminder's wait); a plain one stored before sealing goes. */
  protected rebindLink(hash: string, sealedTaskToken: string): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(hash),
        ConditionExpression: '#state = :pending',
        UpdateExpression: 'SET #sealedTaskToken = :sealedTaskToken REMOVE #taskToken',
        ExpressionAttributeNames: { '#state': 'state', '#sealedTaskToken': 'sealedTaskToken', '#taskToken': 'taskToken' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':sealedTaskToken': sealedTaskToken },
      },
    };
  }

  /**
   * A confirmation link pressed: PENDING → USED with what pressing it did, only before its
   * window ends; it is kept as long as a used step link, to answer a second press.
   */
  protected useConfirmLink(hash: string, outcome: { result: string; at: string }): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(hash),
        ConditionExpression: '#state = :pending AND #expiresAt > :now',
        UpdateExpression: 'SET #state = :used, #outcome = :outcome, #ttl = :ttl',
        ExpressionAttributeNames: { '#state': 'state', '#expiresAt': 'expiresAt', '#outcome': 'outcome', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':pending': 'PENDING',
          ':used': 'USED',
          ':now': outcome.at,
          ':outcome': outcome,
          ':ttl': epochSeconds(outcome.at) + LINK_RETENTION_S,
        },
      },
    };
  }

  /** A link made with an unconfirmed submission, kept from now on (its `ttl` removed): the submission was confirmed. */
  protected keepLink(hash: string): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(hash),
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'REMOVE #ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
      },
    };
  }

  /** PENDING → USED with what was recorded, only if the link is still bound to the task token read and has not expired. */
  protected useLink(link: { hash: string; sealedTaskToken: string }, outcome: { decidedAt: string }): TransactItem {
    const bound = boundTo(link.sealedTaskToken);
    return {
      Update: {
        TableName: this.table,
        Key: linkKey(link.hash),
        ConditionExpression: `#state = :pending AND ${bound.condition} AND #expiresAt > :now`,
        UpdateExpression: 'SET #state = :used, #outcome = :outcome, #closedAt = :now',
        ExpressionAttributeNames: { '#state': 'state', '#expiresAt': 'expiresAt', '#outcome': 'outcome', '#closedAt': 'closedAt', ...bound.names },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':used': 'USED', ':now': outcome.decidedAt, ':outcome': outcome, ...bound.values },
      },
    };
  }
}
