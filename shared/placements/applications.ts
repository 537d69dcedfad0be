import * as z from 'zod/mini';
import { UnavailableError } from '../kernel/errors.js';
import { defaultLanguage } from '../kernel/i18n.js';
import { jpYearOf } from '../kernel/jp/jp-ledger.js';
import { logger } from '../kernel/logger.js';
import { StepConflict } from '../kernel/steps/step-link.js';
import { endOfDayWib, startOfDayWib } from '../kernel/time.js';
import { applicationTrackUrl } from './application-links.js';
import type { PlacementDeps } from './deps.js';
import { expireHumanStep, openHumanStep, remindHumanStep, type StepAnswer, type StepPlan } from './human-steps.js';
import { type ApplicationStatus, applicationSteps, type StepName, statusWhileOpen } from './placement.schema.js';
import { type ApplicationNews, applicationNewsEmail, applicationReceiptEmail, placementFailureNoticeEmail } from './placement-emails.js';
import type { ApplicationRecord, PlacementOutcome, PlacementRecord, SubjectEvent } from './placement-records.js';
import { overlaps } from './placement-repository.js';

// ---------------------------------------------------------------------------------------------
// The application workflow's tasks

const applicationId = z.string().check(z.minLength(1));
const taskToken = z.string().check(z.minLength(1));
const seconds = z.int().check(z.gte(1));
const level = z.int().check(z.gte(1), z.lte(applicationSteps.length));
const decision = z.object({
  action: z.string(),
  comment: z.optional(z.string()),
  hours: z.optional(z.number()),
  decidedAt: z.string(),
  decidedBy: z.object({ name: z.string(), email: z.string() }),
});

/** The events the application workflow sends to its task function; one schema, checked on arrival. */
export const ApplicationTask = z.discriminatedUnion('action', [
  z.object({ action: z.literal('receipt'), applicationId }),
  z.object({ action: z.literal('request'), applicationId, level, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remind'), applicationId, level, taskToken }),
  z.object({ action: z.literal('escalate'), applicationId, level, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expire'), applicationId, level }),
  z.object({ action: z.literal('reject'), applicationId, level, decision }),
  z.object({ action: z.literal('reserve'), applicationId }),
  z.object({ action: z.literal('begin'), applicationId }),
  z.object({ action: z.literal('requestReport'), applicationId, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remindReport'), applicationId, taskToken }),
  z.object({ action: z.literal('expireReport'), applicationId }),
  z.object({ action: z.literal('credit'), applicationId, decision }),
  z.object({ action: z.literal('closeAfterFailure'), applicationId }),
]);
export type ApplicationTask = z.output<typeof ApplicationTask>;

/** What `reserve` answers: where the application stands, and when its internship starts and ends. */
export interface Reservation {
  status: ApplicationStatus;
  startAt: string;
  endAt: string;
}

/**
 * News for the applicant after a change is written. The change is what counts, and the tracking
 * page shows it: a mail that cannot go out is logged, and never fails the task (a retried or
 * failed task must not undo or close an application over a notification).
 */
export async function tellApplicant(application: ApplicationRecord, news: ApplicationNews, deps: Pick<PlacementDeps, 'mailer' | 'config'>): Promise<void> {
  try {
    await deps.mailer.send({
      to: application.data.email,
      ...applicationNewsEmail({ application, trackingUrl: applicationTrackUrl(deps, application), news }),
    });
  } catch (error) {
    logger.error('could not mail the applicant; the tracking page shows the news', {
      applicationId: application.id,
      news: news.kind,
      errorName: (error as Error).name,
    });
  }
}

/**
 * Who decides at each level of an application, and who steps in. The coordinator backs up
 * everyone else. The placement (its host) is read only for the host's steps.
 */
async function planFor(step: StepName, app: ApplicationRecord, placement: () => Promise<PlacementRecord>, deps: PlacementDeps): Promise<StepPlan> {
  const chain = deps.config.APPROVAL_CHAIN[0]!;
  const coordinator = { ...chain.approver, language: chain.approver.language ?? defaultLanguage };
  const coordinatorBackup = { ...chain.backup, language: chain.backup.language ?? defaultLanguage };
  const applicant = { name: app.data.name, email: app.data.email, language: app.data.language };
  switch (step) {
    case 'supervisor':
      return {
        step,
        opensFrom: ['SUBMITTED', 'SUPERVISOR_REVIEW'],
        primary: { ...app.data.supervisor, language: app.data.language },
        backup: coordinator,
        actions: ['approve', 'reject'],
      };
    case 'coordinator':
      return { step, opensFrom: ['SUPERVISOR_REVIEW', 'COORDINATOR_REVIEW'], primary: coordinator, backup: coordinatorBackup, actions: ['approve', 'reject'] };
    case 'host':
      return { step, opensFrom: ['COORDINATOR_REVIEW', 'HOST_REVIEW'], primary: (await placement()).host, backup: coordinator, actions: ['approve', 'reject'] };
    case 'completion':
      return { step, opensFrom: ['REPORT_DUE', 'COMPLETION_REVIEW'], primary: (await placement()).host, backup: coordinator, actions: ['approve', 'reject'] };
    case 'report':
      return { step, opensFrom: ['IN_PROGRESS', 'REPORT_DUE'], primary: applicant, backup: applicant, actions: ['report'] };
    case 'offer':
      throw new Error('An application has no offer step');
  }
}

const stepOfLevel = (n: number): StepName => applicationSteps[n - 1]!;

/** Runs one task of the application workflow. */
export async function runApplicationTask(
  task: ApplicationTask,
  deps: PlacementDeps,
): Promise<StepAnswer | Reservation | { status: ApplicationStatus } | Record<string, never>> {
  const app = await deps.placements.getApplication(task.applicationId);
  if (!app) throw new Error(`Application ${task.applicationId} does not exist`);
  let loaded: PlacementRecord | undefined;
  const placement = async () => {
    loaded ??= await deps.placements.getPlacement(app.placementId);
    if (!loaded) throw new Error(`Placement ${app.placementId} does not exist`);
    return loaded;
  };
  const context = { type: 'application' as const, application: app };
  const tell = (news: ApplicationNews, to: ApplicationRecord = app) => tellApplicant(to, news, deps);

  switch (task.action) {
    case 'receipt':
      // The submitter already holds the tracking link (the API's answer, or the page it led to).
      await deps.mailer
        .send({ to: app.data.email, ...applicationReceiptEmail({ application: app, trackingUrl: applicationTrackUrl(deps, app) }) })
        .catch((error: Error) => logger.error('could not mail the receipt', { applicationId: app.id, errorName: error.name }));
      return {};
    case 'request':
      await openHumanStep(context, await planFor(stepOfLevel(task.level), app, placement, deps), 'primary', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'remind':
      await remindHumanStep(context, await planFor(stepOfLevel(task.level), app, placement, deps), task.taskToken, deps);
      return {};
    case 'escalate':
      await openHumanStep(context, await planFor(stepOfLevel(task.level), app, placement, deps), 'backup', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'expire': {
      const { answer, tell: first } = await expireHumanStep(context, { step: stepOfLevel(task.level) }, 'backup', deps);
      if (first) await tell({ kind: 'expired', reason: 'no-decision' });
      return answer;
    }
    case 'reject': {
      const step = stepOfLevel(task.level);
      const from = statusWhileOpen[step];
      try {
        await move(
          app,
          [from],
          'REJECTED',
          { key: `${step}:rejected`, type: 'rejected', step, comment: task.decision.comment, actor: { role: step, name: task.decision.decidedBy.name } },
          deps,
        );
      } catch (error) {
        // Withdrawn between the decision and this task: the ASN ended it first; nothing is left to do.
        if (error instanceof StepConflict && error.status === 'WITHDRAWN') return {};
        throw error;
      }
      await tell({ kind: 'rejected', step, comment: task.decision.comment, by: task.decision.decidedBy.name });
      logger.info('application rejected', { applicationId: app.id, step });
      return {};
    }
    case 'reserve':
      return reserve(app, await placement(), deps, tell);
    case 'begin':
      return begin(app, deps, tell);
    case 'requestReport':
      await openHumanStep(context, await planFor('report', app, placement, deps), 'primary', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'remindReport':
      await remindHumanStep(context, await planFor('report', app, placement, deps), task.taskToken, deps);
      return {};
    case 'expireReport': {
      const { answer, tell: first } = await expireHumanStep(context, { step: 'report' }, 'primary', deps);
      if (first) await tell({ kind: 'expired', reason: 'no-report' });
      return answer;
    }
    case 'credit':
      await credit(app, task.decision as PlacementOutcome, deps, tell);
      return {};
    case 'closeAfterFailure':
      await closeAfterFailure(app, deps, tell);
      return {};
  }
}

/** Moves an application once; a retried task that finds it moved already carries on. */
async function move(
  app: ApplicationRecord,
  from: string[],
  to: ApplicationStatus,
  event: Pick<SubjectEvent, 'key' | 'type'> & Partial<SubjectEvent>,
  deps: PlacementDeps,
  set?: Record<string, unknown>,
): Promise<void> {
  const subject = { type: 'application' as const, id: app.id };
  try {
    await deps.placements.moveSubject({
      subject,
      fromStatuses: from,
      toStatus: to,
      set: { openLink: null, ...set },
      event: { actor: { role: 'system' }, at: deps.clock.now().toISOString(), fromStatus: app.status, toStatus: to, ...event, subject },
      application: app,
    });
  } catch (error) {
    if (!(error instanceof StepConflict && error.status === to)) throw error;
  }
}

/**
 * The host accepted: reserve a seat (placement, application and the ASN's confirmed dates in
 * one transaction), or put the application on the waitlist when the placement is full. Many
 * hosts' answers can land at once; a transaction that meets another is tried again.
 */
async function reserve(
  app: ApplicationRecord,
  placement: PlacementRecord,
  deps: PlacementDeps,
  tell: (news: ApplicationNews) => Promise<void>,
): Promise<Reservation> {
  const when = { startAt: startOfDayWib(placement.data.startDate), endAt: endOfDayWib(placement.data.endDate) };
  // A retried task whose first attempt wrote but could not mail: mail now (at least once, as every task).
  if (app.status === 'CONFIRMED' || app.status === 'WAITLISTED') {
    await tell(app.status === 'CONFIRMED' ? { kind: 'confirmed' } : { kind: 'waitlisted', position: (await deps.placements.waitlistPosition(app)) ?? 1 });
    return { status: app.status, ...when };
  }
  let current = app;
  for (let attempt = 1; attempt <= 12; attempt++) {
    if (current.status !== 'HOST_REVIEW') return { status: current.status, ...when };
    const asn = await deps.placements.getAsn(current.data.nip);
    if (!asn) throw new Error(`No ASN record for application ${current.id}`);
    const clash = Object.entries(asn.periods).find(([id, period]) => id !== current.id && overlaps(period, placement.data));
    if (clash) {
      await move(current, ['HOST_REVIEW'], 'REJECTED', { key: 'overlap:rejected', type: 'rejected', step: 'host', comment: 'overlap' }, deps);
      await tell({ kind: 'expired', reason: 'overlap' });
      return { status: 'REJECTED', ...when };
    }
    const at = deps.clock.now().toISOString();
    const subject = { type: 'application' as const, id: current.id };
    const result = await deps.placements.reserveSeat(current, asn, {
      subject,
      key: 'confirmed',
      type: 'confirmed',
      at,
      actor: { role: 'system' },
      fromStatus: 'HOST_REVIEW',
      toStatus: 'CONFIRMED',
    });
    if (result === 'confirmed') {
      await tell({ kind: 'confirmed' });
      logger.info('seat reserved', { applicationId: current.id, placementId: current.placementId });
      return { status: 'CONFIRMED', ...when };
    }
    if (result === 'full') {
      try {
        await deps.placements.waitlistApplication(current, {
          subject,
          key: 'waitlisted',
          type: 'waitlisted',
          at,
          actor: { role: 'system' },
          fromStatus: 'HOST_REVIEW',
          toStatus: 'WAITLISTED',
        });
      } catch (error) {
        // A seat came free meanwhile, or another host's answer held the placement: read again and retry.
        if (!(error instanceof StepConflict)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 80));
        current = (await deps.placements.getApplication(current.id)) ?? current;
        continue;
      }
      const waitlisted = (await deps.placements.getApplication(current.id))!;
      await tell({ kind: 'waitlisted', position: (await deps.placements.waitlistPosition(waitlisted)) ?? 1 });
      logger.info('placement full: waitlisted', { applicationId: current.id, placementId: current.placementId });
      return { status: 'WAITLISTED', ...when };
    }
    // 'moved', 'asn-changed' or 'busy' (another seat being taken at this moment): read again, then retry.
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 80));
    current = (await deps.placements.getApplication(current.id)) ?? current;
  }
  throw new UnavailableError('The seat could not be reserved: the placement stayed busy');
}

/** The start date: a confirmed intern begins; one still waitlisted is told no seat came free. */
async function begin(app: ApplicationRecord, deps: PlacementDeps, tell: (news: ApplicationNews) => Promise<void>): Promise<{ status: ApplicationStatus }> {
  if (app.status === 'CONFIRMED') {
    await move(app, ['CONFIRMED'], 'IN_PROGRESS', { key: 'started', type: 'started' }, deps);
    await tell({ kind: 'started' });
    return { status: 'IN_PROGRESS' };
  }
  if (app.status === 'WAITLISTED') {
    await move(app, ['WAITLISTED'], 'EXPIRED', { key: 'no-seat:expired', type: 'expired' }, deps, { gsi2pk: null, gsi2sk: null });
    await tell({ kind: 'expired', reason: 'no-seat' });
    return { status: 'EXPIRED' };
  }
  // A retried task whose first attempt moved the application but could not mail: mail now.
  if (app.status === 'IN_PROGRESS') {
    await tell({ kind: 'started' });
  } else if (app.status === 'EXPIRED' && (await deps.placements.history({ type: 'application', id: app.id })).some((e) => e.key === 'no-seat:expired')) {
    await tell({ kind: 'expired', reason: 'no-seat' });
  }
  return { status: app.status };
}

/** The host confirmed the hours: they are credited to the ASN's year, once, and the application is complete. */
async function credit(app: ApplicationRecord, decision: PlacementOutcome, deps: PlacementDeps, tell: (news: ApplicationNews) => Promise<void>): Promise<void> {
  const hours = Math.min(decision.hours ?? 0, app.placement.jpHours);
  const year = jpYearOf(app.placement);
  const subject = { type: 'application' as const, id: app.id };
  try {
    await deps.placements.credit(app, hours, year, {
      subject,
      key: 'completed',
      type: 'completed',
      at: deps.clock.now().toISOString(),
      actor: { role: 'host', name: decision.decidedBy.name },
      fromStatus: 'COMPLETION_REVIEW',
      toStatus: 'COMPLETED',
      hours,
    });
  } catch (error) {
    if (!(error instanceof StepConflict && error.status === 'COMPLETED')) throw error;
  }
  const total = (await deps.placements.getAsnYear(app.data.nip, year))?.jp ?? hours;
  await tell({ kind: 'completed', hours, year, yearTotal: total });
  logger.info('JP credited', { applicationId: app.id, year });
}

/**
 * Statuses a failure closes: those before a seat is held. From a seat on, the application is
 * left as it is (an intern may be at work): the coordinator is told and sorts it out.
 */
const closable: ApplicationStatus[] = ['SUBMITTED', 'SUPERVISOR_REVIEW', 'COORDINATOR_REVIEW', 'HOST_REVIEW'];
const final: ApplicationStatus[] = ['COMPLETED', 'REJECTED', 'WITHDRAWN'];

async function closeAfterFailure(app: ApplicationRecord, deps: PlacementDeps, tell: (news: ApplicationNews) => Promise<void>): Promise<void> {
  if (final.includes(app.status)) return;
  const closing = closable.includes(app.status);
  if (closing) await move(app, closable, 'EXPIRED', { key: 'failed', type: 'failed' }, deps);
  // Left as it is, but no link may take a report or a confirmation nobody will act on: its step is over.
  else if (app.openLink) await deps.placements.closeOpenLink(app, deps.clock.now().toISOString());
  const chain = deps.config.APPROVAL_CHAIN[0]!;
  await deps.mailer.send({
    to: chain.approver.email,
    ...placementFailureNoticeEmail({ what: 'application', id: app.id, title: app.placement.title, language: chain.approver.language ?? defaultLanguage }),
  });
  if (closing || app.status === 'EXPIRED') await tell({ kind: 'expired', reason: 'failure' });
  logger.error(closing ? 'application closed after a failure' : 'application left as it is after a failure; the coordinator is told', {
    applicationId: app.id,
    status: app.status,
  });
}
