import * as z from 'zod/mini';
import { GoneError, ValidationError } from '../kernel/errors.js';
import { formFieldsOf } from '../kernel/http/form.js';
import { type Language, orList } from '../kernel/i18n.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
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
import { noHiddenCharacters, parseOrThrow } from '../kernel/validation.js';
import type { ResearchReadDeps, ResearchRespondDeps } from './deps.js';
import { extensionDecisionLabels } from './extension-pages.js';
import { type LogbookSummary, lastApprovalDate, summarizeLogbook } from './logbook.js';
import { coReviewDecisionLabels } from './milestone-pages.js';
import { isOverdue } from './milestone-rules.js';
import { isProjectLink, type ProjectLink } from './research-links.js';
import { researchDecisionLabels } from './research-pages.js';
import type { MilestoneRecord, ProjectEvent, ProjectWithTeam, ResearchAction, ResearchOutcome, ResearchStepLink } from './research-records.js';
import { researchActions } from './research-records.js';
import { subjectItem } from './research-repository.js';
import type { MilestoneView, ProjectTrackingView, ResearchStepView } from './views.js';

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/** The research steps whose links open a decision page under `/decide/`. */
const decisionSteps = ['consent', 'plan-review', 'co-review', 'extension'] as const;

/** Whether a link read once by a shared route is a research step's, so the research pages answer it. */
export const isResearchStep = (known: KnownLink) =>
  known.link?.kind === 'step' &&
  (known.link.subject.type === 'project' || known.link.subject.type === 'project-member' || known.link.subject.type === 'milestone');

/** A project and, for a member's or a milestone's step, the status of that item. */
interface Loaded {
  project: ProjectWithTeam;
  milestones: MilestoneRecord[];
  /** The milestone a co-review is about. */
  milestone?: MilestoneRecord;
  /** The status of the step's own subject: the member's consent, the project's status, the milestone's (SETTLED once the first decision decided it). */
  status: string;
}

const statusWhileOpen: Record<(typeof decisionSteps)[number], string> = {
  consent: 'ASKED',
  'plan-review': 'PLAN_REVIEW',
  'co-review': 'IN_REVIEW',
  extension: 'OPEN',
};

/** Where the step's own subject stands. */
function subjectStatus(link: ResearchStepLink, project: ProjectWithTeam, milestone: MilestoneRecord | undefined): string | undefined {
  if (link.subject.type === 'project-member') return project.members.find((m) => m.number === link.member)?.consent;
  if (link.subject.type === 'milestone') return milestone && (milestone.status === 'IN_REVIEW' && milestone.settled ? 'SETTLED' : milestone.status);
  return project.status;
}

/** A co-review link whose round the other reviewer's first decision settled says who decided (410). */
function assertNotSettled(link: ResearchStepLink, loaded: Loaded, lang: Language): void {
  const settled = loaded.milestone?.settled;
  if (link.step !== 'co-review' || loaded.status !== 'SETTLED' || !settled) return;
  throw new GoneError(
    say(
      lang,
      `Tahap ini sudah diputuskan oleh ${settled.by.name} (${settled.action === 'approve' ? 'disetujui' : 'diminta revisi'}); dengan aturan “keputusan pertama menentukan”, tautan Anda tidak berlaku lagi.`,
      `This milestone was already decided by ${settled.by.name} (${settled.action === 'approve' ? 'approved' : 'revision requested'}); under the “first decision decides” rule your link no longer applies.`,
    ),
  );
}

function researchRoute(deps: Pick<ResearchReadDeps, 'research'>): KernelStepRoute<ResearchStepLink, Loaded> {
  return {
    steps: decisionSteps,
    load: async (link) => {
      const whole = await deps.research.getProjectWhole(subjectItem(link.subject).projectId);
      if (!whole) return undefined;
      const milestone = link.milestone === undefined ? undefined : whole.milestones.find((m) => m.number === link.milestone);
      const status = subjectStatus(link, whole.project, milestone);
      return status === undefined ? undefined : { project: whole.project, milestones: whole.milestones, milestone, status };
    },
    statusOf: (loaded) => loaded.status,
    statusWhileOpen: (link) => statusWhileOpen[link.step as (typeof decisionSteps)[number]] ?? '',
    answer: (link) => ({ ...link.outcome }),
  };
}

/** A milestone as every view shows it: overdue is a mark the cycle sets, or today's date says. */
export function milestoneView(m: MilestoneRecord, now: Date): MilestoneView {
  const open = m.status === 'PLANNED' || m.status === 'OPEN' || m.status === 'REVISION_REQUESTED';
  return {
    number: m.number,
    kind: m.kind,
    title: m.title,
    dueDate: m.dueDate,
    review: m.review,
    status: m.status,
    overdue: open && (m.overdueAt !== undefined || isOverdue(m.dueDate, now)),
    round: m.round,
    extensions: m.extensions,
    submissions: m.submissions ?? [],
    reviews: m.reviews ?? [],
  };
}

/** GET of a research step link: the page with its choices; changes nothing, however often it is opened. */
export async function showResearchStep(
  token: string,
  lang: Language,
  deps: ResearchReadDeps,
  known?: KnownLink,
): Promise<ResearchStepView & { milestone?: MilestoneView; logbook?: LogbookSummary }> {
  const route = researchRoute(deps);
  const found = await findStep(token, route.steps, route.load, deps.research, known);
  if (!found) throw notFound(lang);
  const now = deps.clock.now();
  if (found.link.state === 'PENDING') assertNotSettled(found.link, found.subject, lang);
  assertActionable(found.link, found.subject.status, route.statusWhileOpen(found.link), now, lang);
  return {
    link: found.link,
    project: found.subject.project,
    milestones: found.subject.milestones.map((m) => milestoneView(m, now)),
    ...(found.subject.milestone ? { milestone: milestoneView(found.subject.milestone, now) } : {}),
    // A reviewer reads the team's logbook since the last milestone approved before this one.
    ...(found.link.step === 'co-review'
      ? {
          logbook: summarizeLogbook(
            await deps.research.logbook(found.subject.project.id),
            lastApprovalDate(found.subject.milestones.filter((m) => m.number !== found.link.milestone)),
          ),
        }
      : {}),
    proof: proofFor(found.link, now),
  };
}

/** The fields a research decision page posts; a missing decision is refused naming the page's choices. */
const ResearchForm = z.strictObject({
  decision: z.optional(z.enum(researchActions)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2000), noHiddenCharacters('multiline'))),
  proof: z.string().check(z.maxLength(200)),
});
export const researchFormFields = formFieldsOf(ResearchForm);

function chooseOne(link: ResearchStepLink, lang: Language): never {
  const labels =
    (link.step === 'co-review'
      ? coReviewDecisionLabels
      : link.step === 'extension'
        ? extensionDecisionLabels
        : researchDecisionLabels[link.step as 'consent' | 'plan-review']) ?? {};
  const names = link.actions.map((a) => labels[a]?.[lang] ?? a);
  throw new ValidationError(
    [{ path: 'decision', message: say(lang, `Pilih salah satu keputusan: ${orList(names, lang)}.`, `Choose one decision: ${orList(names, lang)}.`) }],
    lang,
  );
}

/** Who decided through a link, as the history names them. */
function actorRole(link: ResearchStepLink): string {
  if (link.step === 'co-review') return link.reviewer === 'coReviewer' ? (link.attempt === 'backup' ? 'partner' : 'coReviewer') : 'coordinator';
  if (link.step === 'consent' && link.attempt === 'primary') return 'supervisor';
  return 'coordinator';
}

/** What a decision through a research link recorded, for the page shown after the POST. */
export interface ResearchStepResult {
  link: ResearchStepLink;
  outcome: ResearchOutcome;
  project: ProjectWithTeam;
  /** The milestone a co-review decided. */
  milestone?: MilestoneView;
}

/**
 * POST of a research step link from its page: the origin, the page's anti-forgery value and a
 * chosen decision are checked, the link is used once in one conditional write (a member's
 * consent is recorded on the member in the same write), and the outcome is handed to the
 * waiting workflow.
 */
export async function actOnResearchStep(
  token: string,
  fields: Record<string, string>,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: ResearchRespondDeps,
  known?: KnownLink,
): Promise<ResearchStepResult> {
  const { lang } = ctx;
  const route = researchRoute(deps);
  const found = await findStep(token, route.steps, route.load, deps.research, known);
  if (!found) throw notFound(lang);
  const { link } = found;
  const stepDeps = { ...deps, store: deps.research };
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  const form = parseOrThrow(ResearchForm, fields, lang);
  const decision: ResearchAction = form.decision ?? chooseOne(link, lang);
  assertPageProof(link, form.proof, deps.clock.now(), lang);
  if (link.state === 'PENDING') assertNotSettled(link, found.subject, lang);
  await assertActionableOrResend(route, token, link, found.subject.status, lang, stepDeps);
  if (!link.actions.includes(decision))
    throw new ValidationError(
      [{ path: 'decision', message: say(lang, 'Pilihan ini tidak tersedia pada tahap ini.', 'This choice is not available at this step.') }],
      lang,
    );
  if ((decision === 'reject' || decision === 'revise') && !form.comment)
    throw new ValidationError(
      [
        {
          path: 'comment',
          message:
            link.step === 'extension'
              ? say(lang, 'Tuliskan alasannya; ketua peneliti akan membacanya.', 'Please write the reason; the lead will read it.')
              : link.step === 'consent'
                ? say(lang, 'Tuliskan alasan Anda tidak menyetujui; anggota akan membacanya.', 'Please write why you refuse; the member will read it.')
                : say(lang, 'Tuliskan alasannya; mitra akan membacanya.', 'Please write the reason; the partner will read it.'),
        },
      ],
      lang,
    );
  const used = await useStepOnce(
    route,
    token,
    found,
    async (current) => {
      const outcome: ResearchOutcome = {
        action: decision,
        ...(form.comment ? { comment: form.comment } : {}),
        decidedAt: deps.clock.now().toISOString(),
        decidedBy: { name: current.holder.name, email: current.holder.email },
      };
      const event: ProjectEvent = {
        subject: current.subject,
        key: `${current.stepId}:decided`,
        type: current.step === 'consent' ? (decision === 'approve' ? 'consent-given' : 'consent-refused') : 'decided',
        at: outcome.decidedAt,
        actor: {
          role: actorRole(current),
          name: current.holder.name,
          email: current.holder.email,
        },
        step: current.step,
        member: current.member,
        milestone: current.milestone,
        round: current.round,
        action: decision,
        comment: outcome.comment,
        requestId: ctx.requestId,
      };
      if (current.step === 'co-review') {
        // Under `any` the first decision settles the round: a second at the same instant is refused.
        const settles = found.subject.milestone?.review === 'any' && !current.sole;
        await deps.research.decideReview({
          link: current,
          outcome,
          event,
          settle: settles
            ? { by: { name: current.holder.name }, reviewer: current.reviewer ?? 'coordinator', action: decision, at: outcome.decidedAt }
            : undefined,
        });
        return outcome;
      }
      await deps.research.consumeStep({
        link: current,
        outcome,
        event,
        whileStatus: route.statusWhileOpen(current),
        move:
          current.step === 'consent'
            ? {
                to: decision === 'approve' ? 'AGREED' : 'REFUSED',
                set: { consentAt: outcome.decidedAt, ...(outcome.comment ? { consentComment: outcome.comment } : {}) },
              }
            : undefined,
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  const milestone = found.subject.milestone && milestoneView(found.subject.milestone, deps.clock.now());
  return {
    link: { ...used.link, state: 'USED', outcome: used.outcome },
    outcome: used.outcome,
    project: found.subject.project,
    ...(milestone ? { milestone } : {}),
  };
}

/** A project's tracking link: the partner's, or a member's or the lead's project page link. */
export async function trackProject(token: string, lang: Language, deps: ResearchReadDeps, known?: KnownLink): Promise<ProjectTrackingView> {
  const { link } = known ?? (await readLink(token, deps.research));
  if (link?.kind !== 'track' || link.subject.type !== 'project') throw notFound(lang);
  const whole = await deps.research.getProjectWhole(link.subject.id);
  if (!whole) throw notFound(lang);
  return projectTrackingView(whole, deps.clock.now());
}

/** What tracking shows of a project: no addresses, no NIP; names, consent, milestones and decisions. */
export function projectTrackingView(
  whole: { project: ProjectWithTeam; milestones: MilestoneRecord[]; history: ProjectEvent[] },
  now: Date,
): ProjectTrackingView {
  const { project, milestones, history } = whole;
  return {
    id: project.id,
    type: 'project',
    status: project.status,
    title: project.data.title,
    institution: project.institution,
    lead: { name: project.data.lead.name },
    startDate: project.data.startDate,
    endDate: project.data.endDate,
    round: project.round,
    members: project.members.map((m) => ({ name: m.name, unit: m.unit, position: m.position, consent: m.consent, jpHours: m.jpHours })),
    milestones: milestones.map((m) => milestoneView(m, now)),
    submittedAt: project.createdAt,
    updatedAt: project.updatedAt,
    history: history.map((e) => ({
      at: e.at,
      type: e.type,
      status: e.toStatus,
      step: e.step,
      member: e.member,
      milestone: e.milestone,
      round: e.round,
      by: e.actor.role === 'system' ? undefined : { role: e.actor.role, name: e.actor.name },
      action: e.action,
      comment: e.comment,
    })),
  };
}

/** A member's or the lead's own project page link, and the project whole; 404 for any other token. */
export async function projectOfPageLink(
  token: string,
  lang: Language,
  deps: Pick<ResearchReadDeps, 'research'>,
): Promise<{ link: ProjectLink; whole: NonNullable<Awaited<ReturnType<ResearchReadDeps['research']['getProjectWhole']>>> }> {
  const { link } = await readLink(token, deps.research);
  if (!isProjectLink(link)) throw notFound(lang);
  const whole = await deps.research.getProjectWhole(link.subject.id);
  if (!whole) throw notFound(lang);
  return { link, whole };
}
