import * as z from 'zod/mini';
import { ConflictError, ValidationError } from '../kernel/errors.js';
import { formFieldsOf } from '../kernel/http/form.js';
import { type Language, orList } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import { StepConflict, type TrackLink } from '../kernel/steps/step-link.js';
import {
  assertActionable,
  assertActionableOrResend,
  assertPageProof,
  findStep,
  type StepRoute as KernelStepRoute,
  type KnownLink,
  notFound,
  proofFor,
  readLink,
  useStepOnce,
} from '../kernel/steps/step-links.js';
import { openTaskToken } from '../kernel/steps/task-token-seal.js';
import { todayInWib } from '../kernel/time.js';
import { choiceOf, noHiddenCharacters, parseOrThrow } from '../kernel/validation.js';
import { tellApplicant } from './applications.js';
import type { PlacementDeps, PlacementReadDeps, PlacementRespondDeps } from './deps.js';
import { stepToken } from './human-steps.js';
import { type StepName, statusWhileOpen, stepActions, withdrawableStatuses } from './placement.schema.js';
import { stepButtonLabel, stepButtonLabels } from './placement-labels.js';
import type { ApplicationRecord, PlacementOutcome, PlacementStepLink, SubjectEvent } from './placement-records.js';
import { overlaps } from './placement-repository.js';
import type { ApplicationTrackingView, StepResult, StepView } from './views.js';

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/** Where a step link's page lives: reports under `/reports/`, every decision under `/decide/`. */
export type StepRoute = 'decide' | 'report';

const decisionSteps: readonly StepName[] = ['supervisor', 'coordinator', 'host', 'completion', 'offer'];

const statusOf = (subject: StepView['subject']) => (subject.type === 'application' ? subject.application.status : subject.placement.status);

/** How a placement route finds its step links and what their use hands on (see the kernel's StepRoute). */
function placementRoute(route: StepRoute, deps: Pick<PlacementReadDeps, 'placements'>): KernelStepRoute<PlacementStepLink, StepView['subject']> {
  return {
    steps: route === 'report' ? ['report'] : decisionSteps,
    load: async (link) => {
      if (link.subject.type === 'application') {
        const application = await deps.placements.getApplication(link.subject.id);
        return application && { type: 'application', application };
      }
      const placement = await deps.placements.getPlacement(link.subject.id);
      return placement && { type: 'placement', placement };
    },
    statusOf,
    statusWhileOpen: (link) => statusWhileOpen[link.step],
    answer: (link) => ({ ...link.outcome }),
  };
}

/** The step link a token opens, with its subject; undefined when the token is not a step link's. */
export async function findStepLink(
  token: string,
  route: StepRoute,
  deps: Pick<PlacementReadDeps, 'placements'>,
  known?: KnownLink,
): Promise<{ link: PlacementStepLink; subject: StepView['subject'] } | undefined> {
  const { steps, load } = placementRoute(route, deps);
  return findStep(token, steps, load, deps.placements, known);
}

/** GET of a step link: the page with its choices; changes nothing, however often it is opened. */
export async function showStep(token: string, route: StepRoute, lang: Language, deps: PlacementReadDeps, known?: KnownLink): Promise<StepView> {
  const found = await findStepLink(token, route, deps, known);
  if (!found) throw notFound(lang);
  const now = deps.clock.now();
  assertActionable(found.link, statusOf(found.subject), statusWhileOpen[found.link.step], now, lang);
  return { ...found, proof: proofFor(found.link, now) };
}

/** The fields a step page posts. `decision` is required; a missing one is refused by `chooseOne`, which names the link's choices. */
const StepForm = z.strictObject({
  decision: z.optional(choiceOf(stepActions, stepButtonLabels)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000), noHiddenCharacters('multiline'))),
  activities: z.optional(z.string().check(z.trim(), z.maxLength(5000), noHiddenCharacters('multiline'))),
  hours: z.optional(z.string().check(z.trim())),
  proof: z.string().check(z.maxLength(200)),
});

/** What a step page posts, and the withdraw button of the tracking page. */
export const stepFormFields = formFieldsOf(StepForm);
export const withdrawFormFields = formFieldsOf(z.strictObject({ proof: z.string() }));

/** Throws the 400 of a POST that chose nothing, naming the choices the page offered. */
function chooseOne(link: PlacementStepLink, lang: Language): never {
  const names = stepActions.filter((a) => link.actions.includes(a)).map((a) => stepButtonLabel(link.step, a)[lang]);
  const list = orList(names, lang);
  const message =
    link.step === 'report'
      ? say(lang, `Kirim laporan dengan menekan “${list}”.`, `Send the report by pressing “${list}”.`)
      : say(lang, `Pilih salah satu keputusan: ${list}.`, `Choose one decision: ${list}.`);
  throw new ValidationError([{ path: 'decision', message }], lang);
}

function hoursIn(value: string | undefined, max: number, lang: Language): number {
  const hours = value !== undefined && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(hours) || hours > max)
    throw new ValidationError(
      [{ path: 'hours', message: say(lang, `Isi jumlah jam antara 0 dan ${max}.`, `Enter a number of hours from 0 to ${max}.`) }],
      lang,
    );
  return hours;
}

/**
 * POST of a step link, made by a person who chose a decision (or wrote a report) on its page
 * and sent it: checks the origin and the page's anti-forgery value, uses the link once in one
 * conditional write (so of many concurrent clicks exactly one applies), then hands the outcome
 * to the waiting workflow.
 */
export async function actOnStep(
  token: string,
  route: StepRoute,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: PlacementRespondDeps,
  known?: KnownLink,
): Promise<StepResult> {
  const { lang } = ctx;
  const steps = placementRoute(route, deps);
  const found = await findStep(token, steps.steps, steps.load, deps.placements, known);
  if (!found) throw notFound(lang);
  const { link, subject } = found;
  const stepDeps = { ...deps, store: deps.placements };
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  const form = parseOrThrow(StepForm, fields, lang);
  // The page chooses nothing itself: a press of its button with no choice made (a person in a
  // hurry, or a mail scanner) decides nothing and is asked to choose.
  const decision = form.decision ?? chooseOne(link, lang);
  assertPageProof(link, form.proof, deps.clock.now(), lang);
  await assertActionableOrResend(steps, token, link, statusOf(subject), lang, stepDeps);
  if (!link.actions.includes(decision))
    throw new ValidationError(
      [{ path: 'decision', message: say(lang, 'Pilihan ini tidak tersedia pada tahap ini.', 'This choice is not available at this step.') }],
      lang,
    );
  if (decision === 'reject' && !form.comment)
    throw new ValidationError([{ path: 'comment', message: say(lang, 'Tuliskan alasannya.', 'Please write the reason.') }], lang);
  const jpHours = subject.type === 'application' ? subject.application.placement.jpHours : 0;
  const hours = decision === 'report' || (link.step === 'completion' && decision === 'approve') ? hoursIn(form.hours, jpHours, lang) : undefined;
  if (decision === 'report' && !form.activities)
    throw new ValidationError(
      [{ path: 'activities', message: say(lang, 'Ceritakan singkat apa yang Anda kerjakan.', 'Briefly describe what you did.') }],
      lang,
    );

  const used = await useStepOnce(
    steps,
    token,
    found,
    async (current) => {
      const outcome: PlacementOutcome = {
        action: decision,
        ...(form.comment ? { comment: form.comment } : {}),
        ...(hours !== undefined ? { hours } : {}),
        ...(decision === 'report' ? { activities: form.activities } : {}),
        decidedAt: deps.clock.now().toISOString(),
        decidedBy: { name: current.holder.name, email: current.holder.email },
      };
      await deps.placements.consumeStep({
        link: current,
        outcome,
        whileStatus: statusWhileOpen[current.step],
        set: decision === 'report' ? { report: { activities: form.activities, hours, submittedAt: outcome.decidedAt } } : undefined,
        event: {
          subject: current.subject,
          key: `${current.stepId}:decided`,
          type: decision === 'report' ? 'reported' : 'decided',
          at: outcome.decidedAt,
          actor: { role: current.step === 'report' ? 'applicant' : current.step, name: current.holder.name, email: current.holder.email },
          step: current.step,
          action: outcome.action,
          comment: outcome.comment,
          hours,
          requestId: ctx.requestId,
        },
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  return { link: { ...used.link, state: 'USED', outcome: used.outcome }, outcome: used.outcome, subject };
}

// ---------------------------------------------------------------------------------------------
// Tracking and withdrawal

async function findTracked(
  token: string,
  lang: Language,
  deps: Pick<PlacementReadDeps, 'placements'>,
  known?: KnownLink,
): Promise<{ track: TrackLink & { pageSecret: string }; application: ApplicationRecord }> {
  const { link: track } = known ?? (await readLink(token, deps.placements));
  if (track?.kind !== 'track' || track.subject.type !== 'application' || !track.pageSecret) throw notFound(lang);
  const application = await deps.placements.getApplication(track.subject.id);
  if (!application) throw notFound(lang);
  return { track: { ...track, pageSecret: track.pageSecret }, application };
}

/** Whether an application's ASN can still withdraw: before the internship starts. */
export function canWithdraw(application: ApplicationRecord, now: Date): boolean {
  return withdrawableStatuses.includes(application.status) && todayInWib(now) < application.placement.startDate;
}

/** Where an application stands, found by its private tracking token, with the anti-forgery value of its withdraw button. */
export async function trackApplication(
  token: string,
  lang: Language,
  deps: PlacementReadDeps,
  known?: KnownLink,
): Promise<{ view: ApplicationTrackingView; proof: string }> {
  const { track, application: app } = await findTracked(token, lang, deps, known);
  const [events, waitlistPosition] = await Promise.all([deps.placements.history(track.subject), deps.placements.waitlistPosition(app)]);
  const now = deps.clock.now();
  return {
    proof: proofFor(track, now),
    view: {
      id: app.id,
      type: 'application',
      status: app.status,
      placement: { ...app.placement, id: app.placementId },
      applicant: { name: app.data.name, unit: app.data.unit },
      ...(waitlistPosition ? { waitlistPosition } : {}),
      ...(app.creditedHours !== undefined ? { creditedHours: app.creditedHours } : {}),
      submittedAt: app.createdAt,
      updatedAt: app.updatedAt,
      canWithdraw: canWithdraw(app, now),
      // People's email addresses stay out of the view; names and decisions do not.
      history: events.map((e) => ({
        at: e.at,
        type: e.type,
        status: e.toStatus,
        step: e.step,
        by: e.actor.role === 'system' ? undefined : { role: e.actor.role, name: e.actor.name },
        action: e.action,
        comment: e.comment,
        hours: e.hours,
      })),
    },
  };
}

/**
 * The ASN withdraws from the tracking page, until the internship starts. In one transaction:
 * the application, the link open at its step (closed, and its wait told), and for a confirmed
 * application its seat, which goes to the first waitlisted application whose ASN holds no
 * overlapping placement (confirmed in the same transaction, and told) or is freed.
 */
export async function withdraw(
  token: string,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: PlacementDeps,
): Promise<void> {
  const { lang } = ctx;
  const { track, application } = await findTracked(token, lang, deps);
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  assertPageProof(track, fields.proof ?? '', deps.clock.now(), lang);
  let app = application;
  for (let attempt = 1; ; attempt++) {
    if (app.status === 'WITHDRAWN') return;
    if (!canWithdraw(app, deps.clock.now()))
      throw new ConflictError(say(lang, 'Pendaftaran ini tidak dapat dibatalkan lagi.', 'This application can no longer be withdrawn.'));
    const at = deps.clock.now().toISOString();
    const subject = { type: 'application' as const, id: app.id };
    const event: SubjectEvent = {
      subject,
      key: 'withdrawn',
      type: 'withdrawn',
      at,
      actor: { role: 'applicant', name: app.data.name },
      fromStatus: app.status,
      toStatus: 'WITHDRAWN',
      requestId: ctx.requestId,
    };
    const open = app.openLink ? await deps.placements.getLink(app.openLink) : undefined;
    const openLink = open?.kind === 'step' && open.state === 'PENDING' ? (open as PlacementStepLink) : undefined;
    let promote: Parameters<typeof deps.placements.withdraw>[0]['promote'];
    const asn = app.status === 'CONFIRMED' ? await deps.placements.getAsn(app.data.nip) : undefined;
    if (app.status === 'CONFIRMED') {
      for (const waiting of await deps.placements.waitlist(app.placementId)) {
        const theirs = await deps.placements.getAsn(waiting.data.nip);
        if (!theirs || Object.values(theirs.periods).some((p) => overlaps(p, waiting.placement))) continue;
        promote = {
          app: waiting,
          asn: theirs,
          event: {
            subject: { type: 'application', id: waiting.id },
            key: 'promoted',
            type: 'promoted',
            at,
            actor: { role: 'system' },
            fromStatus: 'WAITLISTED',
            toStatus: 'CONFIRMED',
          },
        };
        break;
      }
    }
    try {
      await deps.placements.withdraw({ app, event, openLink: openLink && { hash: openLink.hash, sealedTaskToken: openLink.sealedTaskToken }, asn, promote });
    } catch (error) {
      if (!(error instanceof StepConflict) || attempt >= 5) throw error;
      app = (await deps.placements.getApplication(app.id)) ?? app;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      continue;
    }
    logger.info('application withdrawn', { applicationId: app.id, promoted: promote?.app.id });
    if (openLink)
      try {
        // The link's task token opens with the link's token, minted again from its step.
        const linkToken = stepToken(deps.config.LINK_SECRET, app, openLink.subject, openLink.step, openLink.attempt);
        await deps.workflows.applications.complete(openTaskToken(openLink.sealedTaskToken, linkToken), { action: 'withdrawn' });
      } catch (error) {
        logger.error('could not end the step of a withdrawn application', { applicationId: app.id, errorName: (error as Error).name });
      }
    const withdrawn = { ...app, status: 'WITHDRAWN' as const };
    await tellApplicant(withdrawn, { kind: 'withdrawn' }, deps);
    if (promote) {
      const promoted = { ...promote.app, status: 'CONFIRMED' as const };
      await tellApplicant(promoted, { kind: 'promoted' }, deps);
    }
    return;
  }
}
