import type { Config } from '../kernel/config.js';
import type { Language } from '../kernel/i18n.js';
import { answerOf } from '../kernel/steps/human-step.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import {
  assertActionable,
  assertActionableOrResend,
  assertPageProof,
  type FoundStep,
  findStep,
  notFound,
  proofFor,
  type StepRoute,
  useStepOnce,
} from '../kernel/steps/step-links.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { ResearchReadDeps, ResearchRespondDeps } from './deps.js';
import { projectFromForm } from './project-form.js';
import { revisionStep } from './project-steps.js';
import { checkProjectDates, type MemberInput, projectInput } from './research.schema.js';
import { researchUrls } from './research-links.js';
import type { MilestoneRecord, ProjectEvent, ProjectMember, ProjectRecord, ProjectWithTeam, ResearchOutcome, ResearchStepLink } from './research-records.js';

/**
 * The partner's revision of a plan the coordinator sent back (`/projects/edit/{token}`, the
 * `plan-revision` step's link): the page shows the plan as it stands with the coordinator's
 * note, and its POST resubmits it once, as the next round, handing the waiting plan review the
 * step's answer. The team is not revised: its members and their supervisors' consent stand.
 */

/** A project whole, as the revision reads it: with its team, milestones and history. */
interface Loaded {
  project: ProjectWithTeam;
  milestones: MilestoneRecord[];
  history: ProjectEvent[];
}

/** How the kernel finds a plan-revision link's project and what its use hands the waiting review. */
function revisionRoute(deps: Pick<ResearchReadDeps, 'research'>): StepRoute<ResearchStepLink, Loaded> {
  return {
    steps: [revisionStep.step],
    load: (link) => deps.research.getProjectWhole(link.subject.id),
    statusOf: (loaded) => loaded.project.status,
    statusWhileOpen: () => revisionStep.statusWhileOpen,
    answer: (link) => answerOf(revisionStep, link),
  };
}

async function findRevision(token: string, lang: Language, deps: Pick<ResearchReadDeps, 'research'>): Promise<FoundStep<ResearchStepLink, Loaded>> {
  const route = revisionRoute(deps);
  const found = await findStep(token, route.steps, route.load, deps.research);
  if (found?.link.subject.type !== 'project') throw notFound(lang);
  return found;
}

/** What the revision page shows. */
export interface ProjectRevisionView {
  link: ResearchStepLink;
  project: ProjectWithTeam;
  milestones: MilestoneRecord[];
  /** The coordinator's reason for asking, from the round's `revision-requested` event. */
  comment?: string;
  /** How many more times the plan may be revised, this time included (as the revision mail says). */
  roundsLeft: number;
  proof: string;
}

/** GET of a plan-revision link: the plan as it stands and the coordinator's note; 404, 409 or 410 as for every link. */
export async function showProjectRevision(token: string, lang: Language, deps: ResearchReadDeps): Promise<ProjectRevisionView> {
  const { link, subject } = await findRevision(token, lang, deps);
  const now = deps.clock.now();
  assertActionable(link, subject.project.status, revisionStep.statusWhileOpen, now, lang);
  const asked = subject.history.filter((event) => event.type === 'revision-requested' && event.round === link.round).pop();
  return {
    link,
    project: subject.project,
    milestones: subject.milestones,
    comment: asked?.comment,
    roundsLeft: deps.config.MAX_REVIEW_ROUNDS - subject.project.round,
    proof: proofFor(link, now),
  };
}

/** The team as the schema judges it: the members who stayed (their supervisor agreed), as the partner entered them. */
function teamAsInput(members: readonly ProjectMember[]): MemberInput[] {
  return members
    .filter((member) => member.consent === 'AGREED')
    .map(({ nip, employmentType, name, email, unit, position, supervisor, jpHours }) => ({
      nip,
      employmentType,
      name,
      email,
      unit,
      position,
      supervisor,
      jpHours,
    }));
}

/** For a revision: it resumes the waiting plan review, and mints the project's tracking link for the page that answers. */
export type ProjectRevisionDeps = ResearchRespondDeps & { config: Config };

/** What a resubmission recorded, for the page that answers it. */
export interface ResubmittedProject {
  /** The project as it now stands: the revised plan, in review again in the next round. */
  project: ProjectRecord;
  sentAt: string;
  trackingUrl: string;
}

/**
 * POST of a plan-revision link from its page: the Origin, the page's proof and the link (still
 * open, its project still REVISION_REQUESTED) are checked; the form is read as a project whose
 * team is the one stored, and checked against its partnership's dates; then the link is used
 * once, in one transaction that gives the project the new plan, the next round and its
 * milestones (PLANNED again), and the waiting plan review is handed the step's answer.
 */
export async function resubmitProject(
  token: string,
  fields: URLSearchParams,
  ctx: { lang: Language; headers: Record<string, string>; requestId?: string },
  deps: ProjectRevisionDeps,
): Promise<ResubmittedProject> {
  const { lang } = ctx;
  const { config, clock } = deps;
  const route = revisionRoute(deps);
  const found = await findRevision(token, lang, deps);
  const stepDeps = { ...deps, store: deps.research };
  assertSameOrigin(ctx.headers, config.PUBLIC_BASE_URL, lang);
  assertPageProof(found.link, fields.get('proof') ?? '', clock.now(), lang);
  await assertActionableOrResend(route, token, found.link, found.subject.project.status, lang, stepDeps);

  const { project, milestones: stored } = found.subject;
  const raw = { ...projectFromForm(fields), members: teamAsInput(project.members) };
  const input = parseOrThrow(projectInput(config.WORK_UNITS, config.OFFICIAL_EMAIL_DOMAINS, config.RESEARCH_MAX_JP_HOURS, clock), raw, lang);
  const partnership = await deps.research.getPartnership(project.partnershipId);
  if (!partnership) throw notFound(lang);
  const now = clock.now();
  checkProjectDates(input, partnership, todayInWib(now), lang);

  const sentAt = now.toISOString();
  const partner = { name: project.partner.name, email: project.partner.email };
  const outcome: ResearchOutcome = { action: 'resubmit', decidedAt: sentAt, decidedBy: partner };
  const { members: _team, ...data } = input;
  const round = project.round + 1;
  // The plan's milestones start again: none of them has opened before the plan is approved.
  const milestones = input.milestones.map(
    (m, i): MilestoneRecord => ({
      projectId: project.id,
      number: i + 1,
      ...m,
      status: 'PLANNED',
      round: 0,
      extensions: [],
      submissions: [],
      reviews: [],
      updatedAt: sentAt,
    }),
  );
  await useStepOnce(
    route,
    token,
    found,
    async (current) => {
      await deps.research.resubmitPlan({
        link: current,
        outcome,
        event: {
          subject: current.subject,
          key: `${current.stepId}:resubmitted`,
          type: 'resubmitted',
          at: sentAt,
          actor: { role: 'partner', ...partner },
          fromStatus: 'REVISION_REQUESTED',
          toStatus: 'PLAN_REVIEW',
          step: revisionStep.step,
          round,
          action: 'resubmit',
          requestId: ctx.requestId,
        },
        data,
        round,
        milestones,
        previousMilestones: stored.length,
      });
      return outcome;
    },
    lang,
    stepDeps,
  );
  const { members: _members, ...record } = project;
  return {
    project: { ...record, status: 'PLAN_REVIEW', data, round, updatedAt: sentAt },
    sentAt,
    trackingUrl: researchUrls.projectTrack(config, config.LINK_SECRET, project),
  };
}
