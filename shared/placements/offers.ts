import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { ConflictError, type FieldIssue, UnavailableError, ValidationError } from '../kernel/errors.js';
import { defaultLanguage, type Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { PartnershipRecord } from '../kernel/partnerships/partnership.js';
import { partnershipOfLink, partnerToken } from '../kernel/partnerships/partnership.js';
import { StepConflict } from '../kernel/steps/step-link.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import { type PlacementDeps, type PlacementReadDeps, placementUrls } from './deps.js';
import { expireHumanStep, openHumanStep, remindHumanStep, type StepAnswer, type StepPlan } from './human-steps.js';
import { MAX_DAYS_AHEAD, PlacementOffer } from './placement.schema.js';
import { offerOutcomeEmail, placementFailureNoticeEmail } from './placement-emails.js';
import type { PlacementOutcome, PlacementRecord, SubjectEvent } from './placement-records.js';
import type { PartnerView } from './views.js';

/** The partnership a partner link opens; 404 for anything else. */
const findPartnership = (token: string, lang: Language, deps: Pick<PlacementReadDeps, 'placements'>) => partnershipOfLink(token, lang, deps.placements);

/** GET /partners/{token}: the partnership and the placements it offered. */
export async function partnerView(token: string, lang: Language, deps: PlacementReadDeps): Promise<PartnerView> {
  const partnership = await findPartnership(token, lang, deps);
  const placements = await deps.placements.listPartnerPlacements(partnership.id);
  const { id, title, institution, contact, scopes, startDate, endDate, status } = partnership;
  return {
    partnership: { id, title, institution, contact, scopes, startDate, endDate, status },
    placements: placements.map((p) => ({
      id: p.id,
      title: p.data.title,
      hostUnit: p.data.hostUnit,
      status: p.status,
      seats: p.data.seats,
      seatsTaken: p.seatsTaken,
      startDate: p.data.startDate,
      endDate: p.data.endDate,
      applicationDeadline: p.data.applicationDeadline,
      jpHours: p.data.jpHours,
      createdAt: p.createdAt,
    })),
  };
}

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The checks an offer needs beyond its own fields: the partnership and today's date. */
export function checkOffer(offer: PlacementOffer, partnership: PartnershipRecord, today: string, lang: Language): void {
  if (partnership.status !== 'ACTIVE')
    throw new ConflictError(
      say(lang, 'Kemitraan ini tidak aktif; penempatan tidak dapat ditawarkan.', 'This partnership is not active; placements cannot be offered.'),
    );
  if (!partnership.scopes.includes('internship'))
    throw new ConflictError(say(lang, 'Kemitraan ini tidak mencakup magang.', 'This partnership does not include internships.'));
  const issues: FieldIssue[] = [];
  const validity = say(
    lang,
    `masa berlaku kemitraan (${partnership.startDate} s.d. ${partnership.endDate})`,
    `the partnership's validity (${partnership.startDate} to ${partnership.endDate})`,
  );
  if (offer.startDate < partnership.startDate || offer.startDate > partnership.endDate)
    issues.push({ path: 'startDate', message: say(lang, `Tanggal mulai harus dalam ${validity}.`, `The start date must fall within ${validity}.`) });
  if (offer.endDate > partnership.endDate || offer.endDate < partnership.startDate)
    issues.push({ path: 'endDate', message: say(lang, `Tanggal selesai harus dalam ${validity}.`, `The end date must fall within ${validity}.`) });
  // An application's workflow runs from the application to the end of the internship, its
  // report and the hours' confirmation; a Standard execution lasts at most a year.
  if (offer.endDate > addDays(today, MAX_DAYS_AHEAD))
    issues.push({
      path: 'endDate',
      message: say(
        lang,
        `Penempatan harus berakhir paling lambat ${MAX_DAYS_AHEAD} hari dari hari ini.`,
        `The placement must end within ${MAX_DAYS_AHEAD} days of today.`,
      ),
    });
  if (offer.applicationDeadline < today)
    issues.push({
      path: 'applicationDeadline',
      message: say(lang, 'Batas pendaftaran tidak boleh sebelum hari ini.', 'The application deadline cannot be before today.'),
    });
  if (issues.length) throw new ValidationError(issues, lang);
}

/**
 * A partner offers a placement through their link: checked against the partnership, stored
 * pending the coordinator's approval, and its review workflow started (or, if that fails,
 * removed again so nothing waits without a workflow).
 */
export async function offerPlacement(
  token: string,
  raw: unknown,
  ctx: { lang: Language; requestId?: string },
  deps: PlacementReadDeps & { workflows: Pick<PlacementDeps['workflows'], 'offers'> },
): Promise<{ id: string; status: 'PENDING_APPROVAL' }> {
  const partnership = await findPartnership(token, ctx.lang, deps);
  const offer = parseOrThrow(PlacementOffer, raw, ctx.lang);
  const now = deps.clock.now();
  checkOffer(offer, partnership, todayInWib(now), ctx.lang);
  const at = now.toISOString();
  const placement: PlacementRecord = {
    id: randomUUID(),
    partnershipId: partnership.id,
    status: 'PENDING_APPROVAL',
    data: offer,
    institution: partnership.institution.name,
    host: { name: partnership.contact.name, email: partnership.contact.email, language: offer.language },
    seatsTaken: 0,
    createdAt: at,
    updatedAt: at,
    // This function holds no link secret: a placement's links are minted under its partnership's key version.
    ...(partnership.keyVersion ? { keyVersion: partnership.keyVersion } : {}),
  };
  const event: SubjectEvent = {
    subject: { type: 'placement', id: placement.id },
    key: 'offered',
    type: 'submitted',
    at,
    actor: { role: 'partner', name: partnership.contact.name, email: partnership.contact.email },
    toStatus: 'PENDING_APPROVAL',
    requestId: ctx.requestId,
  };
  await deps.placements.createPlacement(placement, event);
  try {
    await deps.workflows.offers.start(`placement-${placement.id}`, { placementId: placement.id });
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') {
      logger.error('could not start the offer review; removing the offer', { placementId: placement.id, errorName: (error as Error).name });
      await deps.placements
        .deletePlacement(placement, event)
        .catch((cleanup: Error) =>
          logger.error('could not remove the offer whose review did not start', { placementId: placement.id, errorName: cleanup.name }),
        );
      throw new UnavailableError(
        say(
          ctx.lang,
          'Penawaran belum dapat diproses saat ini. Silakan coba lagi sebentar lagi.',
          'The offer cannot be processed right now. Please try again shortly.',
        ),
      );
    }
  }
  logger.info('placement offered', { placementId: placement.id, partnershipId: partnership.id });
  return { id: placement.id, status: 'PENDING_APPROVAL' };
}

// ---------------------------------------------------------------------------------------------
// The offer review workflow's tasks

const placementId = z.string().check(z.minLength(1));
const taskToken = z.string().check(z.minLength(1));
const seconds = z.int().check(z.gte(1));
const decision = z.object({
  action: z.string(),
  comment: z.optional(z.string()),
  decidedAt: z.string(),
  decidedBy: z.object({ name: z.string(), email: z.string() }),
});

/** The events the offer review sends to its task function; one schema, checked on arrival. */
export const OfferTask = z.discriminatedUnion('action', [
  z.object({ action: z.literal('request'), placementId, level: z.int(), taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remind'), placementId, level: z.int(), taskToken }),
  z.object({ action: z.literal('escalate'), placementId, level: z.int(), taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expire'), placementId, level: z.int() }),
  z.object({ action: z.literal('publish'), placementId, decision }),
  z.object({ action: z.literal('refuse'), placementId, decision }),
  z.object({ action: z.literal('closeAfterFailure'), placementId }),
]);
export type OfferTask = z.output<typeof OfferTask>;

function offerPlan(deps: PlacementDeps): StepPlan {
  const level = deps.config.APPROVAL_CHAIN[0]!;
  return {
    step: 'offer',
    opensFrom: ['PENDING_APPROVAL'],
    primary: { ...level.approver, language: level.approver.language ?? defaultLanguage },
    backup: { ...level.backup, language: level.backup.language ?? defaultLanguage },
    actions: ['approve', 'reject'],
  };
}

/** Runs one task of the offer review workflow. */
export async function runOfferTask(task: OfferTask, deps: PlacementDeps): Promise<StepAnswer | Record<string, never>> {
  const placement = await deps.placements.getPlacement(task.placementId);
  if (!placement) throw new Error(`Placement ${task.placementId} does not exist`);
  const context = { type: 'placement' as const, placement };
  const plan = offerPlan(deps);
  const partnerUrl = placementUrls.partner(
    deps.config,
    partnerToken(deps.config.LINK_SECRET, { id: placement.partnershipId, keyVersion: placement.keyVersion }),
  );
  const tellPartner = (outcome: 'published' | 'rejected' | 'expired' | 'failure', comment?: string) =>
    deps.mailer.send({ to: placement.host.email, ...offerOutcomeEmail({ placement, outcome, comment, partnerUrl }) });
  switch (task.action) {
    case 'request':
      await openHumanStep(context, plan, 'primary', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'remind':
      await remindHumanStep(context, plan, task.taskToken, deps);
      return {};
    case 'escalate':
      await openHumanStep(context, plan, 'backup', task.taskToken, task.expiresInSeconds, deps);
      return {};
    case 'expire': {
      const { answer, tell } = await expireHumanStep(context, plan, 'backup', deps);
      if (tell) await tellPartner('expired');
      return answer;
    }
    case 'publish':
    case 'refuse': {
      const toStatus = task.action === 'publish' ? 'PUBLISHED' : 'REJECTED';
      await settle(placement, toStatus, task.decision as PlacementOutcome, deps);
      await tellPartner(task.action === 'publish' ? 'published' : 'rejected', task.decision.comment);
      logger.info(task.action === 'publish' ? 'placement published' : 'placement offer refused', { placementId: placement.id });
      return {};
    }
    case 'closeAfterFailure': {
      if (placement.status === 'PENDING_APPROVAL') await settle(placement, 'EXPIRED', undefined, deps);
      else if (placement.status !== 'EXPIRED') return {};
      const coordinator = plan.primary;
      const sent = await Promise.allSettled([
        deps.mailer.send({
          to: coordinator.email,
          ...placementFailureNoticeEmail({ what: 'placement', id: placement.id, title: placement.data.title, language: coordinator.language }),
        }),
        tellPartner('failure'),
      ]);
      logger.error('offer review closed after a failure', { placementId: placement.id });
      const failure = sent.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      return {};
    }
  }
}

/** Moves a pending offer to its end, once; a retried task finds it there already and carries on. */
async function settle(
  placement: PlacementRecord,
  toStatus: 'PUBLISHED' | 'REJECTED' | 'EXPIRED',
  decision: PlacementOutcome | undefined,
  deps: PlacementDeps,
): Promise<void> {
  try {
    await deps.placements.moveSubject({
      subject: { type: 'placement', id: placement.id },
      fromStatuses: ['PENDING_APPROVAL'],
      toStatus,
      event: {
        subject: { type: 'placement', id: placement.id },
        key: toStatus.toLowerCase(),
        type: toStatus === 'PUBLISHED' ? 'published' : toStatus === 'REJECTED' ? 'rejected' : 'failed',
        at: deps.clock.now().toISOString(),
        actor: { role: 'system' },
        fromStatus: 'PENDING_APPROVAL',
        toStatus,
        comment: decision?.comment,
      },
    });
  } catch (error) {
    if (!(error instanceof StepConflict && error.status === toStatus)) throw error;
  }
}
