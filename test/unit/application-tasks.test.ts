import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/kernel/logger.js';
import type { Mail, Mailer, Workflows } from '../../shared/kernel/ports.js';
import { StepConflict } from '../../shared/kernel/steps/step-link.js';
import { runApplicationTask, tellApplicant } from '../../shared/placements/applications.js';
import type { PlacementDeps } from '../../shared/placements/deps.js';
import type { ApplicationRecord, PlacementRecord, SubjectEvent } from '../../shared/placements/placement-records.js';
import type { AsnRecord, PlacementRepository } from '../../shared/placements/placement-repository.js';
import { aConfig, anApplicationRecord, aPlacementRecord } from '../support/fixtures.js';

/** 25 March 2027, 10:00 WIB: the host has just accepted. */
const now = new Date('2027-03-25T03:00:00.000Z');
/** When placement pl-1 (5–16 April 2027) starts and is over, as the workflow's waits need them. */
const when = { startAt: '2027-04-04T17:00:00.000Z', endAt: '2027-04-16T17:00:00.000Z' };

type ReserveAnswer = Awaited<ReturnType<PlacementRepository['reserveSeat']>>;
type MoveArgs = Parameters<PlacementRepository['moveSubject']>[0];

/**
 * The repository methods `reserve` uses, in memory, with the database's conditions: a seat is
 * taken only while one is left, the application is still in host review and the ASN record is
 * at the version read; otherwise the answer says which, as the real transaction does.
 */
class InMemoryPlacements {
  readonly applications = new Map<string, ApplicationRecord>();
  readonly placements = new Map<string, PlacementRecord>();
  readonly asns = new Map<string, AsnRecord>();
  /** Every write attempted, by method name, in order. */
  readonly writes: string[] = [];
  readonly events: SubjectEvent[] = [];
  /** Answers reserveSeat gives before looking at the data: another transaction holding an item. */
  readonly interference: ReserveAnswer[] = [];
  /** Runs just before each seat reservation lands: lets a test play another request getting there first. */
  beforeReserve: () => void = () => undefined;

  async getApplication(id: string): Promise<ApplicationRecord | undefined> {
    return structuredClone(this.applications.get(id));
  }

  async getPlacement(id: string): Promise<PlacementRecord | undefined> {
    return structuredClone(this.placements.get(id));
  }

  async getAsn(nip: string): Promise<AsnRecord | undefined> {
    return structuredClone(this.asns.get(nip));
  }

  async reserveSeat(app: ApplicationRecord, asn: AsnRecord, event: SubjectEvent): Promise<ReserveAnswer> {
    this.writes.push('reserveSeat');
    const scripted = this.interference.shift();
    if (scripted) return scripted;
    this.beforeReserve();
    const stored = this.applications.get(app.id)!;
    const placement = this.placements.get(app.placementId)!;
    const record = this.asns.get(asn.nip)!;
    if (stored.status !== 'HOST_REVIEW') return 'moved';
    if (record.version !== asn.version) return 'asn-changed';
    if (placement.status !== 'PUBLISHED' || placement.seatsTaken >= placement.data.seats) return 'full';
    placement.seatsTaken += 1;
    stored.status = 'CONFIRMED';
    record.periods[app.id] = { startDate: app.placement.startDate, endDate: app.placement.endDate };
    record.version += 1;
    this.events.push(event);
    return 'confirmed';
  }

  async waitlistApplication(app: ApplicationRecord, event: SubjectEvent): Promise<void> {
    this.writes.push('waitlistApplication');
    const stored = this.applications.get(app.id)!;
    if (stored.status !== 'HOST_REVIEW') throw new StepConflict(undefined, stored.status);
    stored.status = 'WAITLISTED';
    stored.waitlistedAt = event.at;
    this.events.push(event);
  }

  async waitlistPosition(app: ApplicationRecord): Promise<number | undefined> {
    if (app.status !== 'WAITLISTED' || !app.waitlistedAt) return undefined;
    const mine = `${app.waitlistedAt}#${app.id}`;
    const earlier = [...this.applications.values()].filter(
      (a) => a.placementId === app.placementId && a.status === 'WAITLISTED' && `${a.waitlistedAt}#${a.id}` < mine,
    );
    return earlier.length + 1;
  }

  async closeOpenLink(app: ApplicationRecord): Promise<void> {
    this.writes.push('closeOpenLink');
    delete this.applications.get(app.id)!.openLink;
  }

  async history(): Promise<SubjectEvent[]> {
    return structuredClone(this.events);
  }

  async moveSubject(args: MoveArgs): Promise<void> {
    this.writes.push('moveSubject');
    const stored = this.applications.get(args.subject.id)!;
    if (!args.fromStatuses.includes(stored.status)) throw new StepConflict(undefined, stored.status);
    stored.status = args.toStatus as ApplicationRecord['status'];
    this.events.push(args.event);
  }
}

class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  async send(mail: Mail): Promise<void> {
    this.sent.push(mail);
  }
}

/** `reserve` starts no workflow and completes no step. */
const noWorkflows: Workflows = {
  start: () => Promise.reject(new Error('reserve starts no workflow')),
  complete: () => Promise.reject(new Error('reserve completes no step')),
};

const aPlacement = aPlacementRecord;

/** Sri Lestari's application a-1 for pl-1, just accepted by the host. */
const anApplication = (overrides: Partial<ApplicationRecord> = {}, nip = '199001012015011001'): ApplicationRecord =>
  anApplicationRecord({ updatedAt: '2027-03-25T02:00:00.000Z', ...overrides }, { nip, email: `asn.${nip}@surakarta.go.id` });

function anAsn(nip: string, overrides: Partial<AsnRecord> = {}): AsnRecord {
  return { nip, name: 'Sri Lestari', unit: 'Dinas Pendidikan', periods: {}, version: 1, ...overrides };
}

const applicant = anApplication();
const applicantNip = applicant.data.nip;

let repo: InMemoryPlacements;
let mailer: RecordingMailer;
let deps: PlacementDeps;

beforeEach(() => {
  repo = new InMemoryPlacements();
  mailer = new RecordingMailer();
  deps = {
    placements: repo as unknown as PlacementRepository,
    mailer,
    workflows: { offers: noWorkflows, applications: noWorkflows },
    clock: { now: () => now },
    config: aConfig(),
  };
  repo.placements.set('pl-1', aPlacement());
  repo.applications.set('a-1', anApplication());
  repo.asns.set(applicantNip, anAsn(applicantNip));
  for (const level of ['info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The subjects of the mails sent to the applicant of a-1. */
const mailsToApplicant = () => mailer.sent.filter((m) => m.to === applicant.data.email).map((m) => m.subject);
/** The subject of a mail about placement pl-1 that says `what`. */
const about = (what: string) => `[Sinergi] ${what}: Analisis kebijakan publik (Universitas Sebelas Maret)`;

describe('runApplicationTask reserve', () => {
  it('confirms the application when a seat is left, and mails the confirmation', async () => {
    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toEqual({ status: 'CONFIRMED', ...when });
    expect(repo.applications.get('a-1')!.status).toBe('CONFIRMED');
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(1);
    expect(repo.asns.get(applicantNip)!.periods).toEqual({ 'a-1': { startDate: '2027-04-05', endDate: '2027-04-16' } });
    expect(repo.events).toMatchObject([{ key: 'confirmed', type: 'confirmed', at: now.toISOString(), fromStatus: 'HOST_REVIEW', toStatus: 'CONFIRMED' }]);
    expect(mailer.sent.map((m) => m.to)).toEqual([applicant.data.email]);
    expect(mailsToApplicant()).toEqual([about('Kursi magang dikonfirmasi')]);
  });

  it('waitlists an application when the placement is full, with its position', async () => {
    // Arrange: both seats taken, and one application already waiting since yesterday
    repo.placements.set('pl-1', aPlacement({ seatsTaken: 2 }));
    repo.applications.set('a-0', anApplication({ id: 'a-0', status: 'WAITLISTED', waitlistedAt: '2027-03-24T03:00:00.000Z' }, '198502152010012003'));

    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toEqual({ status: 'WAITLISTED', ...when });
    expect(repo.applications.get('a-1')).toMatchObject({ status: 'WAITLISTED', waitlistedAt: now.toISOString() });
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(2);
    expect(repo.asns.get(applicantNip)!.periods).toEqual({});
    expect(repo.writes).toEqual(['reserveSeat', 'waitlistApplication']);
    expect(mailsToApplicant()).toEqual([about('Daftar tunggu, urutan ke-2')]);
    expect(mailer.sent[0]!.text).toContain('Anda berada di urutan ke-2 daftar tunggu.');
  });

  it('rejects an application whose dates overlap another confirmed placement of the ASN, and tells the ASN', async () => {
    // Arrange: the ASN holds a placement of 10–20 April, sharing days with 5–16 April
    repo.asns.set(applicantNip, anAsn(applicantNip, { periods: { 'a-9': { startDate: '2027-04-10', endDate: '2027-04-20' } } }));

    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toEqual({ status: 'REJECTED', ...when });
    expect(repo.applications.get('a-1')!.status).toBe('REJECTED');
    expect(repo.writes).toEqual(['moveSubject']);
    expect(repo.events).toMatchObject([{ key: 'overlap:rejected', type: 'rejected', step: 'host', fromStatus: 'HOST_REVIEW', toStatus: 'REJECTED' }]);
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(0);
    expect(mailsToApplicant()).toEqual([about('Pengajuan magang berakhir')]);
    expect(mailer.sent[0]!.text).toContain('bertumpang tindih');
  });

  it('confirms an application whose ASN holds a placement ending the day before', async () => {
    repo.asns.set(applicantNip, anAsn(applicantNip, { periods: { 'a-9': { startDate: '2027-03-29', endDate: '2027-04-04' } } }));

    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    expect(answer).toMatchObject({ status: 'CONFIRMED' });
  });

  it('tries again when other transactions held the placement, and confirms once it gets through', async () => {
    // Arrange
    repo.interference.push('busy', 'busy');

    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toEqual({ status: 'CONFIRMED', ...when });
    expect(repo.writes).toEqual(['reserveSeat', 'reserveSeat', 'reserveSeat']);
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(1);
    expect(mailsToApplicant()).toEqual([about('Kursi magang dikonfirmasi')]);
  });

  it('reads the ASN again when its record changed, and rejects for a placement confirmed in the meantime', async () => {
    // Arrange: another of the ASN's applications takes 1–6 April while this seat is being reserved
    repo.beforeReserve = () => {
      const asn = repo.asns.get(applicantNip)!;
      asn.periods['a-7'] = { startDate: '2027-04-01', endDate: '2027-04-06' };
      asn.version += 1;
      repo.beforeReserve = () => undefined;
    };

    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toMatchObject({ status: 'REJECTED' });
    expect(repo.writes).toEqual(['reserveSeat', 'moveSubject']);
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(0);
  });

  it('answers where the application stands when it moved on meanwhile (withdrawn), without mail', async () => {
    repo.beforeReserve = () => {
      repo.applications.get('a-1')!.status = 'WITHDRAWN';
    };

    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    expect(answer).toEqual({ status: 'WITHDRAWN', ...when });
    expect(repo.writes).toEqual(['reserveSeat']);
    expect(mailer.sent).toEqual([]);
  });

  it('answers CONFIRMED to a retried task whose application is confirmed already, without writing, and mails the confirmation its first attempt may have lost', async () => {
    // Arrange
    repo.applications.set('a-1', anApplication({ status: 'CONFIRMED' }));
    repo.placements.set('pl-1', aPlacement({ seatsTaken: 1 }));

    // Act
    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    // Assert
    expect(answer).toEqual({ status: 'CONFIRMED', ...when });
    expect(repo.writes).toEqual([]);
    expect(repo.placements.get('pl-1')!.seatsTaken).toBe(1);
    expect(mailsToApplicant()).toHaveLength(1);
    expect(mailer.sent[0]!.subject).toMatch(/dikonfirmasi/);
  });

  it('answers WAITLISTED to a retried task whose application is waitlisted already, without writing, and mails its place again', async () => {
    repo.applications.set('a-1', anApplication({ status: 'WAITLISTED', waitlistedAt: '2027-03-25T02:59:00.000Z' }));

    const answer = await runApplicationTask({ action: 'reserve', applicationId: 'a-1' }, deps);

    expect(answer).toEqual({ status: 'WAITLISTED', ...when });
    expect(repo.writes).toEqual([]);
    expect(mailsToApplicant()).toHaveLength(1);
    expect(mailer.sent[0]!.text).toMatch(/daftar tunggu/);
  });
});

describe('runApplicationTask closeAfterFailure', () => {
  const coordinatorEmail = aConfig().APPROVAL_CHAIN[0]!.approver.email;

  it('closes an application still in review EXPIRED, and tells the coordinator and the applicant', async () => {
    repo.applications.set('a-1', anApplication({ status: 'COORDINATOR_REVIEW' }));

    await runApplicationTask({ action: 'closeAfterFailure', applicationId: 'a-1' }, deps);

    expect(repo.applications.get('a-1')!.status).toBe('EXPIRED');
    expect(mailer.sent.map((m) => m.to).sort()).toEqual([applicant.data.email, coordinatorEmail].sort());
  });

  it('leaves an internship under way as it is, but ends its open link and tells only the coordinator', async () => {
    repo.applications.set('a-1', anApplication({ status: 'REPORT_DUE', openLink: 'r'.repeat(64) }));

    await runApplicationTask({ action: 'closeAfterFailure', applicationId: 'a-1' }, deps);

    expect(repo.applications.get('a-1')!.status).toBe('REPORT_DUE');
    expect(repo.writes).toEqual(['closeOpenLink']);
    expect(repo.applications.get('a-1')!.openLink).toBeUndefined();
    expect(mailer.sent.map((m) => m.to)).toEqual([coordinatorEmail]);
  });

  it('does nothing for an application already completed', async () => {
    repo.applications.set('a-1', anApplication({ status: 'COMPLETED' }));

    await runApplicationTask({ action: 'closeAfterFailure', applicationId: 'a-1' }, deps);

    expect(repo.writes).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });
});

describe('tellApplicant', () => {
  it('logs a mail that cannot go out instead of failing the task that already wrote its change', async () => {
    const failing: Mailer = { send: () => Promise.reject(Object.assign(new Error('throttled'), { name: 'Throttling' })) };

    await expect(tellApplicant(applicant, { kind: 'confirmed' }, { ...deps, mailer: failing })).resolves.toBeUndefined();

    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('could not mail the applicant'),
      expect.objectContaining({ applicationId: applicant.id, news: 'confirmed', errorName: 'Throttling' }),
    );
  });
});
