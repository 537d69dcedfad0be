import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AsnYearRecord } from '../kernel/jp/jp-ledger.js';
import { jpYearOf } from '../kernel/jp/jp-ledger.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import { CONFIRMATION_WINDOW_S, type PendingConfirmation } from '../kernel/steps/confirmation.js';
import type { StepStore } from '../kernel/steps/human-step.js';
import { type ConfirmLink, type PartnerLink, StepConflict, type Subject, type TrackLink } from '../kernel/steps/step-link.js';
import type { IdempotencyRecord } from '../kernel/store/table-store.js';
import { epochSeconds, failedConditions, isConditionFailure, linkKey, strip, TableStore, type TransactItem } from '../kernel/store/table-store.js';
import type { ApplicationStatus, PlacementStatus } from './placement.schema.js';
import type { ApplicationRecord, PlacementOutcome, PlacementRecord, PlacementStepLink, SubjectEvent } from './placement-records.js';

const keys = {
  placement: (id: string) => ({ pk: `PLACEMENT#${id}`, sk: 'PLACEMENT' }),
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' }),
  subject: (s: Subject) => (s.type === 'application' ? keys.application(s.id) : keys.placement(s.id)),
  event: (s: Subject, key: string) => ({ pk: `${s.type.toUpperCase()}#${s.id}`, sk: `EVENT#${key}` }),
  /** One per NIP per placement: what makes a second application for the same placement fail. */
  claim: (placementId: string, nip: string) => ({ pk: `PLACEMENT#${placementId}`, sk: `NIP#${nip}` }),
  asn: (nip: string) => ({ pk: `ASN#${nip}`, sk: 'ASN' }),
  asnYear: (nip: string, year: number) => ({ pk: `ASN#${nip}`, sk: `YEAR#${year}` }),
  credit: (nip: string, year: number, applicationId: string) => ({ pk: `ASN#${nip}`, sk: `JP#${year}#${applicationId}` }),
  partnership: (id: string) => ({ pk: `PARTNERSHIP#${id}`, sk: 'PARTNERSHIP' }),
  idempotency: (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),
};
const index = {
  /** gsi1: placements by status, soonest first. */
  placementsByStatus: (status: PlacementStatus) => `PLACEMENTS#${status}`,
  /** gsi2: a partnership's placements, oldest first. */
  partnerPlacements: (partnershipId: string) => `PARTNERSHIP#${partnershipId}#PLACEMENTS`,
  /** gsi1: a placement's applications, oldest first. */
  applications: (placementId: string) => `PLACEMENT#${placementId}#APPLICATIONS`,
  /** gsi2: a placement's waitlist, in the order applications joined it. */
  waitlist: (placementId: string) => `PLACEMENT#${placementId}#WAITLIST`,
  /** gsi1: every ASN with activity in a year. */
  jpYear: (year: number) => `JPYEAR#${year}`,
};

/** The dates of an ASN's confirmed placements, by application. */
export type ConfirmedPeriods = Record<string, { startDate: string; endDate: string }>;

/** An ASN's record: who they are, their confirmed placements, and a version that orders changes to them. */
export interface AsnRecord {
  nip: string;
  name: string;
  unit: string;
  periods: ConfirmedPeriods;
  version: number;
}

/** Where a page of a placement's applications ended. */
export interface ApplicationPosition {
  createdAt: string;
  id: string;
}

/** The application was refused by the database's own rules. */
export class ApplicationRefused extends Error {
  override readonly name = 'ApplicationRefused';
  constructor(readonly reason: 'duplicate' | 'overlap' | 'closed' | 'changed') {
    super(`Application refused: ${reason}`);
  }
}

/** Two date ranges (inclusive calendar dates) that share at least one day. */
export function overlaps(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

/**
 * The data access of placements and applications. Every state change is one conditional
 * transaction (the status it expects → the status it sets, with its event); the rules that
 * must hold across requests (one application per NIP per placement, no more confirmed
 * interns than seats, no two confirmed placements of one ASN that overlap) are conditions
 * the database checks, not reads made before.
 */
/** The ends of an application, other than completion, that free its NIP's claim on the placement. */
const claimEndingStatuses: readonly string[] = ['REJECTED', 'WITHDRAWN', 'EXPIRED'];

export class PlacementRepository extends TableStore implements StepStore<SubjectEvent> {
  getPlacement(id: string): Promise<PlacementRecord | undefined> {
    return this.getItem<PlacementRecord>(keys.placement(id));
  }

  getApplication(id: string): Promise<ApplicationRecord | undefined> {
    return this.getItem<ApplicationRecord>(keys.application(id));
  }

  getPartnership(id: string): Promise<PartnershipRecord | undefined> {
    return this.getItem<PartnershipRecord>(keys.partnership(id));
  }

  getAsn(nip: string): Promise<AsnRecord | undefined> {
    return this.getItem<AsnRecord>(keys.asn(nip));
  }

  getIdempotency(keyHash: string): Promise<IdempotencyRecord | undefined> {
    return this.getItem<IdempotencyRecord>(keys.idempotency(keyHash));
  }

  async getSubjectStatus(subject: Subject): Promise<ApplicationStatus | PlacementStatus | undefined> {
    return (await this.getItem<{ status: ApplicationStatus | PlacementStatus }>(keys.subject(subject)))?.status;
  }

  /** The events of an application or placement, oldest first. */
  async history(subject: Subject): Promise<SubjectEvent[]> {
    const { pk } = keys.event(subject, '');
    const events = await this.queryAll<SubjectEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
    return events.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  }

  /** Published placements, soonest start first; the caller keeps the ones still open. */
  listPublished(): Promise<PlacementRecord[]> {
    return this.queryAll<PlacementRecord>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': index.placementsByStatus('PUBLISHED') },
    });
  }

  /** Every placement a partnership offered, oldest first. */
  listPartnerPlacements(partnershipId: string): Promise<PlacementRecord[]> {
    return this.queryAll<PlacementRecord>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': index.partnerPlacements(partnershipId) },
    });
  }

  /** A placement's applications, oldest first, a page at a time (one item more is read to know whether more follow). */
  async listApplications(
    placementId: string,
    page: { limit: number; after?: ApplicationPosition },
  ): Promise<{ items: ApplicationRecord[]; next?: ApplicationPosition }> {
    const { limit, after } = page;
    const pk = index.applications(placementId);
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: limit + 1,
        ExclusiveStartKey: after && { ...keys.application(after.id), gsi1pk: pk, gsi1sk: `${after.createdAt}#${after.id}` },
      }),
    );
    const items = Items.slice(0, limit).map((item) => strip<ApplicationRecord>(item)!);
    const last = Items.length > limit ? items[limit - 1] : undefined;
    return last ? { items, next: { createdAt: last.createdAt, id: last.id } } : { items };
  }

  /** The waitlisted applications of a placement, first in line first. */
  waitlist(placementId: string): Promise<ApplicationRecord[]> {
    return this.queryAll<ApplicationRecord>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': index.waitlist(placementId) },
    });
  }

  /** Every ASN with activity in a year, with the JP credited to them. */
  jpYear(year: number): Promise<AsnYearRecord[]> {
    return this.queryAll<AsnYearRecord>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': index.jpYear(year) },
    });
  }

  /** Makes a partner's private link (again, on a retried task: it is the same link). */
  partnerLinkItem(link: PartnerLink): TransactItem {
    return { Put: { TableName: this.table, Item: { ...linkKey(link.hash), entity: 'link', ...link } } };
  }

  /** Stores a new offer, pending the coordinator's approval, with its first event. */
  async createPlacement(placement: PlacementRecord, event: SubjectEvent): Promise<void> {
    await this.write([
      this.putNew({
        ...keys.placement(placement.id),
        entity: 'placement',
        gsi1pk: index.placementsByStatus(placement.status),
        gsi1sk: `${placement.data.startDate}#${placement.id}`,
        gsi2pk: index.partnerPlacements(placement.partnershipId),
        gsi2sk: `${placement.createdAt}#${placement.id}`,
        ...placement,
      }),
      this.putEvent(event),
    ]);
  }

  /** Ends the link open at an application's step (EXPIRED), leaving the application's status as it is. */
  async closeOpenLink(app: ApplicationRecord, at: string): Promise<void> {
    if (!app.openLink) return;
    await this.writeOrExplain(
      [
        this.closeLink(app.openLink, 'EXPIRED', at),
        {
          Update: {
            TableName: this.table,
            Key: keys.application(app.id),
            ConditionExpression: '#status = :status AND openLink = :link',
            UpdateExpression: 'REMOVE openLink SET updatedAt = :at',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': app.status, ':link': app.openLink, ':at': at },
          },
        },
      ],
      async () => new StepConflict(await this.getLink(app.openLink!), await this.getSubjectStatus({ type: 'application', id: app.id })),
    );
  }

  /** Undoes createPlacement when its workflow could not start. */
  async deletePlacement(placement: PlacementRecord, event: SubjectEvent): Promise<void> {
    await this.write([keys.placement(placement.id), keys.event(event.subject, event.key)].map((Key) => ({ Delete: { TableName: this.table, Key } })));
  }

  /**
   * Stores a new, unconfirmed application with its tracking link, its confirmation link and (if
   * given) the idempotent answer. Nothing else: no claim on the NIP, no ASN record, no place in
   * the placement's list; every item carries the `ttl` at which DynamoDB removes it unless the
   * application is confirmed.
   */
  async createPendingApplication(app: ApplicationRecord, track: TrackLink, confirm: PendingConfirmation, idempotency?: IdempotencyRecord): Promise<void> {
    await this.write(this.pendingSubmission({ ...keys.application(app.id), entity: 'application', ...app }, track, confirm, idempotency));
  }

  /** Undoes createPendingApplication when the confirmation mail could not be sent. */
  async deletePendingApplication(app: ApplicationRecord, track: TrackLink, confirm: PendingConfirmation, idempotencyKeyHash?: string): Promise<void> {
    await this.write(this.removePendingSubmission(keys.application(app.id), track, confirm, idempotencyKeyHash));
  }

  /**
   * The applicant confirmed: in one transaction the link is used, the placement is still open
   * (a check), the NIP claims its one application for the placement, the ASN's record is
   * written only if it is still the version the overlap check read, and the application
   * becomes SUBMITTED (listed, and kept from now on, as its tracking link is) with its first
   * event. Refused (ApplicationRefused) when this NIP already applied for the placement, when
   * the placement is no longer open, or when the ASN's record changed meanwhile; throws
   * StepConflict when the link was used meanwhile or its window has ended.
   */
  async confirmApplication(args: {
    confirm: ConfirmLink;
    application: ApplicationRecord;
    trackHash: string;
    event: SubjectEvent;
    asnVersion: number | undefined;
    today: string;
  }): Promise<void> {
    const { confirm, application: app, trackHash, event, asnVersion, today } = args;
    const { nip } = app.data;
    const items: TransactItem[] = [
      {
        ConditionCheck: {
          TableName: this.table,
          Key: keys.placement(app.placementId),
          ConditionExpression: '#status = :published AND #data.#deadline >= :today AND #data.#start > :today',
          ExpressionAttributeNames: { '#status': 'status', '#data': 'data', '#deadline': 'applicationDeadline', '#start': 'startDate' },
          ExpressionAttributeValues: { ':published': 'PUBLISHED', ':today': today },
        },
      },
      this.putNew({ ...keys.claim(app.placementId, nip), entity: 'claim', applicationId: app.id }),
      {
        Update: {
          TableName: this.table,
          Key: keys.asn(nip),
          ConditionExpression: asnVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :version',
          // Who the ASN is (name, unit) is written only when an application of theirs is confirmed.
          UpdateExpression: 'SET #entity = :entity, nip = :nip, periods = if_not_exists(periods, :empty), #version = if_not_exists(#version, :zero)',
          ExpressionAttributeNames: { '#entity': 'entity', '#version': 'version' },
          ExpressionAttributeValues: {
            ':entity': 'asn',
            ':nip': nip,
            ':empty': {},
            ':zero': 0,
            ...(asnVersion === undefined ? {} : { ':version': asnVersion }),
          },
        },
      },
      this.useConfirmLink(confirm.hash, { result: 'confirmed', at: event.at }),
      this.confirmedApplication(app, 'SUBMITTED', event.at),
      this.keepLink(trackHash),
      this.putEvent(event),
    ];
    try {
      await this.write(items);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const failed = failedConditions(error);
      if (failed.has(3) || failed.has(4)) throw new StepConflict(await this.getLink(confirm.hash), await this.getSubjectStatus(event.subject));
      if (failed.has(1)) throw new ApplicationRefused('duplicate');
      if (failed.has(0)) throw new ApplicationRefused('closed');
      // The ASN's record changed since it was read, or another request held an item: try again.
      throw new ApplicationRefused('changed');
    }
  }

  /**
   * The applicant confirmed, but another application stands in the way (the NIP applied for
   * this placement already, or holds a confirmed placement on overlapping dates, or the
   * placement closed): the link is used and the application is REJECTED, still unlisted and
   * still removed by its TTL, with its event (removed with it).
   */
  async refuseApplication(confirm: ConfirmLink, app: ApplicationRecord, event: SubjectEvent): Promise<void> {
    const ttl = epochSeconds(app.createdAt) + CONFIRMATION_WINDOW_S;
    await this.writeOrExplain(
      [this.useConfirmLink(confirm.hash, { result: 'refused', at: event.at }), this.confirmedApplication(app, 'REJECTED', event.at), this.putEvent(event, ttl)],
      async () => new StepConflict(await this.getLink(confirm.hash), await this.getSubjectStatus(event.subject)),
    );
  }

  /** UNCONFIRMED → `to`: a submitted application is listed and kept; a refused one keeps its TTL and stays out of the list. */
  private confirmedApplication(app: ApplicationRecord, to: 'SUBMITTED' | 'REJECTED', at: string): TransactItem {
    const submitted = to === 'SUBMITTED';
    return {
      Update: {
        TableName: this.table,
        Key: keys.application(app.id),
        ConditionExpression: '#status = :unconfirmed',
        UpdateExpression: submitted
          ? 'SET #status = :to, updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk REMOVE #ttl'
          : 'SET #status = :to, updatedAt = :at',
        ExpressionAttributeNames: { '#status': 'status', ...(submitted ? { '#ttl': 'ttl' } : {}) },
        ExpressionAttributeValues: {
          ':unconfirmed': 'UNCONFIRMED',
          ':to': to,
          ':at': at,
          ...(submitted ? { ':gsi1pk': index.applications(app.placementId), ':gsi1sk': `${app.createdAt}#${app.id}` } : {}),
        },
      },
    };
  }

  /**
   * Opens (or re-opens, on a retried task) a step link, moves its subject to the status the
   * step implies, and records the event; an application remembers the open link so a
   * withdrawal can close it. An optional link is superseded in the same transaction.
   */
  async openStep(args: { link: PlacementStepLink; fromStatuses: string[]; toStatus: string; event: SubjectEvent; supersede?: string }): Promise<void> {
    const { link, fromStatuses, toStatus, event, supersede } = args;
    const items: TransactItem[] = [];
    if (supersede) items.push(this.closeLink(supersede, 'SUPERSEDED', event.at));
    items.push(this.openLink({ ...link }));
    items.push(this.move(link.subject, fromStatuses, toStatus, event.at, link.subject.type === 'application' ? { openLink: link.hash } : {}));
    items.push(this.putEvent(event));
    await this.transact(items, link.hash, link.subject);
  }

  /** Binds a still-open link to a reminder's wait, recording the event. */
  async rebindStep(hash: string, sealedTaskToken: string, subject: Subject, event: SubjectEvent): Promise<void> {
    await this.transact([this.rebindLink(hash, sealedTaskToken), this.putEvent(event)], hash, subject);
  }

  /**
   * Uses a link once (PENDING → USED) while its subject is still at the link's step, with the
   * event, and any change to the subject the use implies (a report is stored on the application).
   */
  async consumeStep(args: {
    link: PlacementStepLink;
    outcome: PlacementOutcome;
    event: SubjectEvent;
    whileStatus: string;
    set?: Record<string, unknown>;
  }): Promise<void> {
    const { link, outcome, event, whileStatus, set } = args;
    const items: TransactItem[] = [this.useLink(link, outcome), this.putEvent(event)];
    items.push(
      set
        ? this.move(link.subject, [whileStatus], whileStatus, event.at, set)
        : {
            ConditionCheck: {
              TableName: this.table,
              Key: keys.subject(link.subject),
              ConditionExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': whileStatus },
            },
          },
    );
    await this.transact(items, link.hash, link.subject);
  }

  /** Ends a link whose step ran out, and its subject with it. */
  async expireStep(hash: string, subject: Subject, fromStatuses: string[], event: SubjectEvent): Promise<void> {
    // An application that ends frees its NIP's claim on the placement, so the ASN may apply again.
    const app = subject.type === 'application' ? await this.getApplication(subject.id) : undefined;
    await this.transact(
      [
        this.closeLink(hash, 'EXPIRED', event.at),
        this.move(subject, fromStatuses, 'EXPIRED', event.at, { openLink: null }),
        this.putEvent(event),
        ...(app ? [this.releaseClaim(app)] : []),
      ],
      hash,
      subject,
    );
  }

  /** Moves an application or placement from one status to another, with its event (and optional extra items written together). */
  async moveSubject(args: {
    subject: Subject;
    fromStatuses: string[];
    toStatus: string;
    event: SubjectEvent;
    set?: Record<string, unknown>;
    with?: TransactItem[];
    /** An application moved to an end other than completion frees its NIP's claim on the placement. */
    application?: ApplicationRecord;
  }): Promise<void> {
    const { subject, fromStatuses, toStatus, event, set, application } = args;
    const release = application && claimEndingStatuses.includes(toStatus) ? [this.releaseClaim(application)] : [];
    await this.transact(
      [this.move(subject, fromStatuses, toStatus, event.at, set), this.putEvent(event), ...(args.with ?? []), ...release],
      undefined,
      subject,
    );
  }

  /** The partner's link goes out with the partnership that needs it (see partnerLinkItem). */
  async createPartnerLink(link: PartnerLink): Promise<void> {
    await this.write([this.partnerLinkItem(link)]);
  }

  /**
   * Reserves a seat for an application the host accepted: the placement's `seatsTaken < seats`,
   * the application's status and the ASN's confirmed placements (no overlap, at the version
   * read) change together, or nothing does. Answers what stopped it instead.
   */
  async reserveSeat(app: ApplicationRecord, asn: AsnRecord, event: SubjectEvent): Promise<'confirmed' | 'full' | 'moved' | 'asn-changed' | 'busy'> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table,
          Key: keys.placement(app.placementId),
          ConditionExpression: '#status = :published AND #taken < #data.#seats',
          UpdateExpression: 'SET #taken = #taken + :one, updatedAt = :at',
          ExpressionAttributeNames: { '#status': 'status', '#taken': 'seatsTaken', '#data': 'data', '#seats': 'seats' },
          ExpressionAttributeValues: { ':published': 'PUBLISHED', ':one': 1, ':at': event.at },
        },
      },
      this.move({ type: 'application', id: app.id }, ['HOST_REVIEW'], 'CONFIRMED', event.at, { openLink: null }),
      this.addPeriod(asn, app),
      this.putEvent(event),
      this.asnYear(app),
    ];
    try {
      await this.write(items);
      return 'confirmed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const failed = failedConditions(error);
      if (failed.has(1)) return 'moved';
      if (failed.has(2)) return 'asn-changed';
      if (failed.has(0)) return 'full';
      // Another transaction held one of the items (many hosts answering at once).
      return 'busy';
    }
  }

  /** Puts an application the host accepted on its placement's waitlist, while the placement is full. */
  async waitlistApplication(app: ApplicationRecord, event: SubjectEvent): Promise<void> {
    await this.transact(
      [
        // Only while the placement is still full: a seat freed meanwhile is reserved instead.
        {
          ConditionCheck: {
            TableName: this.table,
            Key: keys.placement(app.placementId),
            ConditionExpression: '#taken >= #data.#seats',
            ExpressionAttributeNames: { '#taken': 'seatsTaken', '#data': 'data', '#seats': 'seats' },
          },
        },
        this.move({ type: 'application', id: app.id }, ['HOST_REVIEW'], 'WAITLISTED', event.at, {
          openLink: null,
          waitlistedAt: event.at,
          gsi2pk: index.waitlist(app.placementId),
          gsi2sk: `${event.at}#${app.id}`,
        }),
        this.putEvent(event),
      ],
      undefined,
      { type: 'application', id: app.id },
    );
  }

  /** The place of a waitlisted application in its queue (1 = next). */
  async waitlistPosition(app: ApplicationRecord): Promise<number | undefined> {
    if (app.status !== 'WAITLISTED' || !app.waitlistedAt) return undefined;
    const { Count = 0 } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :mine',
        ExpressionAttributeValues: { ':pk': index.waitlist(app.placementId), ':mine': `${app.waitlistedAt}#${app.id}` },
        Select: 'COUNT',
      }),
    );
    return Count + 1;
  }

  /**
   * Withdraws an application, in one transaction: its status, the link open at its step (so
   * nobody decides on it any more), and for a confirmed one its seat — handed to `promote`
   * (the first waitlisted application, confirmed in the same transaction) or freed.
   */
  async withdraw(args: {
    app: ApplicationRecord;
    event: SubjectEvent;
    /** The link open at the application's step, with its sealed task token as read. */
    openLink?: { hash: string; sealedTaskToken: string };
    asn?: AsnRecord;
    promote?: { app: ApplicationRecord; asn: AsnRecord; event: SubjectEvent };
  }): Promise<void> {
    const { app, event, openLink, asn, promote } = args;
    const subject: Subject = { type: 'application', id: app.id };
    const items: TransactItem[] = [
      this.move(subject, [app.status], 'WITHDRAWN', event.at, { openLink: null, gsi2pk: null, gsi2sk: null }),
      this.putEvent(event),
      this.releaseClaim(app),
    ];
    if (openLink) items.push(this.closeLink(openLink.hash, 'SUPERSEDED', event.at, openLink.sealedTaskToken));
    if (app.status === 'CONFIRMED') {
      if (!asn) throw new Error('A confirmed application is withdrawn with its ASN record');
      items.push(this.removePeriod(asn, app));
      if (promote) {
        items.push(
          this.move({ type: 'application', id: promote.app.id }, ['WAITLISTED'], 'CONFIRMED', event.at, { gsi2pk: null, gsi2sk: null }),
          this.addPeriod(promote.asn, promote.app),
          this.putEvent(promote.event),
          this.asnYear(promote.app),
        );
      } else {
        items.push({
          Update: {
            TableName: this.table,
            Key: keys.placement(app.placementId),
            ConditionExpression: '#taken > :zero',
            UpdateExpression: 'SET #taken = #taken - :one, updatedAt = :at',
            ExpressionAttributeNames: { '#taken': 'seatsTaken' },
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':at': event.at },
          },
        });
      }
    }
    await this.transact(items, openLink?.hash, subject);
  }

  /** Credits the confirmed hours: the application ends COMPLETED and the ASN's year grows by them, once. */
  async credit(app: ApplicationRecord, hours: number, year: number, event: SubjectEvent): Promise<void> {
    const { nip } = app.data;
    await this.transact(
      [
        this.move({ type: 'application', id: app.id }, ['COMPLETION_REVIEW'], 'COMPLETED', event.at, { creditedHours: hours, openLink: null }),
        this.putNew({
          ...keys.credit(nip, year, app.id),
          entity: 'jp-credit',
          nip,
          year,
          applicationId: app.id,
          placementId: app.placementId,
          hours,
          at: event.at,
        }),
        {
          Update: {
            TableName: this.table,
            Key: keys.asnYear(nip, year),
            UpdateExpression:
              'SET #entity = :entity, gsi1pk = :gsi1pk, gsi1sk = :nip, nip = :nip, #year = :year, #name = if_not_exists(#name, :name), #unit = if_not_exists(#unit, :unit), employmentType = :type ADD jp :hours',
            ExpressionAttributeNames: { '#entity': 'entity', '#year': 'year', '#name': 'name', '#unit': 'unit' },
            ExpressionAttributeValues: {
              ':entity': 'asn-year',
              ':gsi1pk': index.jpYear(year),
              ':nip': nip,
              ':year': year,
              ':name': app.data.name,
              ':unit': app.data.unit,
              ':type': app.data.employmentType,
              ':hours': hours,
            },
          },
        },
        this.putEvent(event),
      ],
      undefined,
      { type: 'application', id: app.id },
    );
  }

  async getAsnYear(nip: string, year: number): Promise<AsnYearRecord | undefined> {
    return this.getItem<AsnYearRecord>(keys.asnYear(nip, year));
  }

  /** One transaction; a step that no longer applies throws StepConflict with the link and status as they are now. */
  private async transact(items: TransactItem[], linkHash: string | undefined, subject: Subject): Promise<void> {
    await this.writeOrExplain(items, async () => {
      const [link, status] = await Promise.all([linkHash ? this.getLink(linkHash) : undefined, this.getSubjectStatus(subject)]);
      return new StepConflict(link, status);
    });
  }

  /** An event of a subject; `ttl` for one that goes with its unconfirmed subject. */
  private putEvent(event: SubjectEvent, ttl?: number): TransactItem {
    return { Put: { TableName: this.table, Item: { ...keys.event(event.subject, event.key), entity: 'event', ...(ttl ? { ttl } : {}), ...event } } };
  }

  /** The claim of an application's NIP on its placement, deleted: the ASN may apply for it again. */
  private releaseClaim(app: ApplicationRecord): TransactItem {
    return { Delete: { TableName: this.table, Key: keys.claim(app.placementId, app.data.nip) } };
  }

  /**
   * The ASN's record for the year a confirmed internship counts in: who they are (as the
   * confirmed application names them) and their JP so far; what the JP report lists.
   */
  private asnYear(app: ApplicationRecord): TransactItem {
    const { nip, name, unit, employmentType } = app.data;
    const year = jpYearOf(app.placement);
    return {
      Update: {
        TableName: this.table,
        Key: keys.asnYear(nip, year),
        UpdateExpression:
          'SET #entity = :entity, gsi1pk = :gsi1pk, gsi1sk = :nip, nip = :nip, #year = :year, #name = :name, #unit = :unit, employmentType = :type, jp = if_not_exists(jp, :zero)',
        ExpressionAttributeNames: { '#entity': 'entity', '#year': 'year', '#name': 'name', '#unit': 'unit' },
        ExpressionAttributeValues: {
          ':entity': 'asn-year',
          ':gsi1pk': index.jpYear(year),
          ':nip': nip,
          ':year': year,
          ':name': name,
          ':unit': unit,
          ':type': employmentType,
          ':zero': 0,
        },
      },
    };
  }

  /**
   * Adds an application's dates to its ASN's confirmed placements, only at the version read (its
   * overlap check is the caller's), and names the ASN as the confirmed application does.
   */
  private addPeriod(asn: AsnRecord, app: ApplicationRecord): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: keys.asn(asn.nip),
        ConditionExpression: '#version = :version',
        UpdateExpression: 'SET periods.#app = :period, #version = :next, #name = :name, #unit = :unit',
        ExpressionAttributeNames: { '#version': 'version', '#app': app.id, '#name': 'name', '#unit': 'unit' },
        ExpressionAttributeValues: {
          ':version': asn.version,
          ':next': asn.version + 1,
          ':name': app.data.name,
          ':unit': app.data.unit,
          ':period': { startDate: app.placement.startDate, endDate: app.placement.endDate },
        },
      },
    };
  }

  private removePeriod(asn: AsnRecord, app: ApplicationRecord): TransactItem {
    return {
      Update: {
        TableName: this.table,
        Key: keys.asn(asn.nip),
        ConditionExpression: '#version = :version',
        UpdateExpression: 'REMOVE periods.#app SET #version = :next',
        ExpressionAttributeNames: { '#version': 'version', '#app': app.id },
        ExpressionAttributeValues: { ':version': asn.version, ':next': asn.version + 1 },
      },
    };
  }

  /** Status from → to, with `set` (a null removes the attribute); a placement's status is also its catalogue index key. */
  private move(subject: Subject, from: string[], to: string, at: string, set: Record<string, unknown> = {}): TransactItem {
    return this.moveItem(
      keys.subject(subject),
      from,
      to,
      at,
      subject.type === 'placement' ? { ...set, gsi1pk: index.placementsByStatus(to as PlacementStatus) } : set,
    );
  }
}
