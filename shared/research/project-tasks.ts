import * as z from 'zod/mini';
import type { Person } from '../kernel/config.js';
import { defaultLanguage } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import type { RenderedMail } from '../kernel/mail/mail.js';
import { expireStep, openStep, remindStep } from '../kernel/steps/human-step.js';
import { StepConflict } from '../kernel/steps/step-link.js';
import type { ResearchDeps } from './deps.js';
import { consentStep, coordinatorLevel, planReviewStep, RESUBMITTED, revisionStep, stepDeps, system } from './project-steps.js';
import type { ProjectStatus } from './research.schema.js';
import { memberLeftEmail, projectApprovedEmail, projectClosedEmail, projectReceiptEmail, researchFailureNoticeEmail } from './research-emails.js';
import { executionName, type ProjectHolder, projectPageLink, projectPageToken, researchUrls } from './research-links.js';
import type { ProjectEvent, ProjectWithTeam, ResearchOutcome } from './research-records.js';
import { projectSubject } from './research-repository.js';

/** The events the research project workflow sends to its task function; one schema, checked on arrival. */
const projectId = z.string().check(z.minLength(1));
const taskToken = z.string().check(z.minLength(1));
const seconds = z.int().check(z.gte(1));
const level = z.int().check(z.gte(1));
/** Which member a consent step is about; absent at the plan review. */
const member = z.optional(z.int().check(z.gte(1)));
const decision = z.object({
  action: z.enum(['approve', 'reject', 'revise']),
  comment: z.optional(z.string()),
  decidedAt: z.string(),
  decidedBy: z.object({ name: z.string(), email: z.string() }),
});
export const ResearchTask = z.discriminatedUnion('action', [
  z.object({ action: z.literal('receipt'), projectId }),
  z.object({ action: z.literal('beginConsent'), projectId }),
  z.object({ action: z.literal('request'), projectId, member, level, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('remind'), projectId, member, level, taskToken }),
  z.object({ action: z.literal('escalate'), projectId, member, level, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expire'), projectId, member, level }),
  z.object({ action: z.literal('tallyConsent'), projectId }),
  z.object({ action: z.literal('approve'), projectId, decision }),
  z.object({ action: z.literal('reject'), projectId, decision }),
  z.object({ action: z.literal('requestRevision'), projectId, decision, taskToken, expiresInSeconds: seconds }),
  z.object({ action: z.literal('expireRevision'), projectId }),
  z.object({ action: z.literal('closeAfterFailure'), projectId }),
]);
export type ResearchTask = z.output<typeof ResearchTask>;

/** What the expiry of a step answers: it ran out, or a person decided just in time. */
export type LateOutcome = { outcome: 'expired' } | ({ outcome: 'decided' } & ResearchOutcome) | typeof RESUBMITTED;

/** What each task hands back to the workflow. */
export type TaskResult = LateOutcome | { members: number[] } | { remaining: number } | Record<string, never>;

/** Runs one task of the research project workflow. */
export async function runResearchTask(task: ResearchTask, deps: ResearchDeps): Promise<TaskResult> {
  const project = await loadProject(task.projectId, deps);
  const { config } = deps;
  switch (task.action) {
    case 'receipt':
      await send(project.partner, projectReceiptEmail({ project, trackingUrl: trackingUrl(project, deps) }), deps);
      return {};
    case 'beginConsent':
      return beginConsent(project, deps);
    case 'request':
    case 'escalate': {
      const attempt = task.action === 'request' ? 'primary' : 'backup';
      if (task.member === undefined) await openStep(planReviewStep, { project, config }, attempt, task.taskToken, task.expiresInSeconds, stepDeps(deps));
      else await openStep(consentStep, { project, member: task.member, config }, attempt, task.taskToken, task.expiresInSeconds, stepDeps(deps));
      return {};
    }
    case 'remind':
      if (task.member === undefined) await remindStep(planReviewStep, { project, config }, task.taskToken, stepDeps(deps));
      else await remindStep(consentStep, { project, member: task.member, config }, task.taskToken, stepDeps(deps));
      return {};
    case 'expire':
      return task.member === undefined ? expirePlanReview(project, deps) : expireConsent(project, task.member, deps);
    case 'tallyConsent':
      return tallyConsent(project, deps);
    case 'approve':
      await approve(project, task.decision, deps);
      return {};
    case 'reject':
      await close(
        project,
        { from: ['PLAN_REVIEW'], to: 'REJECTED', key: `r${project.round}:rejected`, type: 'rejected', comment: task.decision.comment },
        deps,
      );
      await send(
        project.partner,
        projectClosedEmail({ project, outcome: 'rejected', comment: task.decision.comment, trackingUrl: trackingUrl(project, deps) }),
        deps,
      );
      return {};
    case 'requestRevision':
      await openStep(
        revisionStep,
        { project, round: project.round, decision: task.decision, config },
        'primary',
        task.taskToken,
        task.expiresInSeconds,
        stepDeps(deps),
      );
      logger.info('plan revision requested', { projectId: project.id, round: project.round });
      return {};
    case 'expireRevision':
      return expireRevision(project, deps);
    case 'closeAfterFailure':
      await closeAfterFailure(project, deps);
      return {};
  }
}

/** Nobody resubmitted the plan in time: the project ends EXPIRED, unless the resubmission came just in time. */
async function expireRevision(project: ProjectWithTeam, deps: ResearchDeps): Promise<LateOutcome> {
  // The round that asked for the revision: a resubmission has already moved the project on.
  const round = project.status === 'REVISION_REQUESTED' ? project.round : project.round - 1;
  const ended = await expireStep(revisionStep, { project, round, config: deps.config }, 'primary', stepDeps(deps));
  if (ended.kind === 'used') return RESUBMITTED;
  await send(project.partner, projectClosedEmail({ project, outcome: 'expired', trackingUrl: trackingUrl(project, deps) }), deps);
  return { outcome: 'expired' };
}

async function loadProject(id: string, deps: ResearchDeps): Promise<ProjectWithTeam> {
  const project = await deps.research.getProjectWithTeam(id);
  if (!project) throw new Error(`Project ${id} does not exist`);
  return project;
}

const trackingUrl = (project: ProjectWithTeam, deps: ResearchDeps) => researchUrls.projectTrack(deps.config, deps.config.LINK_SECRET, project);

async function send(to: Pick<Person, 'email'>, mail: RenderedMail, deps: Pick<ResearchDeps, 'mailer'>): Promise<void> {
  await deps.mailer.send({ to: to.email, ...mail });
}

/** Moves a project on, with its event; a retried task whose first attempt moved it already carries on. */
async function close(
  project: ProjectWithTeam,
  move: { from: ProjectStatus[]; to: ProjectStatus; key: string; type: ProjectEvent['type']; comment?: string; set?: Record<string, unknown> },
  deps: ResearchDeps,
): Promise<void> {
  try {
    await deps.research.moveSubject({
      subject: projectSubject(project.id),
      fromStatuses: move.from,
      toStatus: move.to,
      set: move.set,
      event: {
        subject: projectSubject(project.id),
        key: move.key,
        type: move.type,
        at: deps.clock.now().toISOString(),
        actor: system(),
        fromStatus: project.status,
        toStatus: move.to,
        round: project.round,
        comment: move.comment,
      },
    });
  } catch (error) {
    if (!(error instanceof StepConflict && error.status === move.to)) throw error;
  }
}

/** The supervisors are about to be asked: the project is in CONSENT, and the workflow asks about each member at once. */
async function beginConsent(project: ProjectWithTeam, deps: ResearchDeps): Promise<{ members: number[] }> {
  if (project.status === 'SUBMITTED') await close(project, { from: ['SUBMITTED'], to: 'CONSENT', key: 'consent', type: 'consent-requested' }, deps);
  // A replayed workflow asks again only about members still waiting; the others' answers stand.
  return { members: project.members.filter((m) => m.consent === 'PENDING' || m.consent === 'ASKED').map((m) => m.number) };
}

async function expireConsent(project: ProjectWithTeam, member: number, deps: ResearchDeps): Promise<LateOutcome> {
  const ended = await expireStep(consentStep, { project, member, config: deps.config }, 'backup', stepDeps(deps));
  if (ended.kind === 'used') return { outcome: 'decided', ...ended.link.outcome! };
  logger.info('consent not given in time', { projectId: project.id, member });
  return { outcome: 'expired' };
}

async function expirePlanReview(project: ProjectWithTeam, deps: ResearchDeps): Promise<LateOutcome> {
  const ended = await expireStep(planReviewStep, { project, config: deps.config }, 'backup', stepDeps(deps));
  if (ended.kind === 'used') return { outcome: 'decided', ...ended.link.outcome! };
  await send(project.partner, projectClosedEmail({ project, outcome: 'expired', trackingUrl: trackingUrl(project, deps) }), deps);
  logger.info('project expired without a plan decision', { projectId: project.id });
  return { outcome: 'expired' };
}

/**
 * Every supervisor has answered or run out of time: each member without consent leaves the
 * team and is told (once); with nobody left the project ends REJECTED and the partner is told.
 */
async function tallyConsent(project: ProjectWithTeam, deps: ResearchDeps): Promise<{ remaining: number }> {
  const at = deps.clock.now().toISOString();
  for (const member of project.members) {
    if (member.consent !== 'REFUSED' && member.consent !== 'NO_ANSWER') continue;
    const reason = member.consent === 'REFUSED' ? 'refused' : 'no-answer';
    await deps.research.once(
      {
        subject: projectSubject(project.id),
        key: `member-${member.number}:left`,
        type: 'member-left',
        at,
        actor: system(),
        member: member.number,
        comment: member.consentComment,
      },
      () => send(member, memberLeftEmail({ project, member, reason }), deps),
    );
  }
  const remaining = project.members.filter((m) => m.consent === 'AGREED').length;
  if (remaining === 0) {
    await close(project, { from: ['CONSENT'], to: 'REJECTED', key: 'no-members', type: 'rejected' }, deps);
    await send(project.partner, projectClosedEmail({ project, outcome: 'no-members', trackingUrl: trackingUrl(project, deps) }), deps);
    logger.info('project ended: no member may take part', { projectId: project.id });
  }
  return { remaining };
}

/**
 * The plan is approved: the project is ACTIVE, and the lead and every member who may take part
 * get their own private project page (the links are made in the same transaction).
 */
async function approve(project: ProjectWithTeam, decision: ResearchOutcome, deps: ResearchDeps): Promise<void> {
  const { config } = deps;
  const at = deps.clock.now().toISOString();
  const team = project.members.filter((m) => m.consent === 'AGREED');
  const holders: { holder: ProjectHolder; to: { name: string; email: string; language: ProjectWithTeam['partner']['language'] } }[] = [
    { holder: { role: 'lead' }, to: { ...project.data.lead, language: project.data.language } },
    ...team.map((m) => ({ holder: { role: 'member' as const, member: m.number }, to: { name: m.name, email: m.email, language: defaultLanguage } })),
  ];
  try {
    await deps.research.moveSubject({
      subject: projectSubject(project.id),
      fromStatuses: ['PLAN_REVIEW'],
      toStatus: 'ACTIVE',
      set: { approvedAt: at },
      event: {
        subject: projectSubject(project.id),
        key: `r${project.round}:approved`,
        type: 'approved',
        at,
        actor: system(),
        fromStatus: 'PLAN_REVIEW',
        toStatus: 'ACTIVE',
        round: project.round,
        comment: decision.comment,
      },
      with: holders.map(({ holder }) => deps.research.linkItem(projectPageLink(config.LINK_SECRET, project, holder, at))),
    });
  } catch (error) {
    // A retried task whose first attempt committed: carry on to the mails.
    if (!(error instanceof StepConflict && error.status === 'ACTIVE')) throw error;
  }
  const active = { ...project, status: 'ACTIVE' as const, approvedAt: project.approvedAt ?? at };
  // Each milestone's cycle runs in an execution of its own, named after it: a retried task starts none twice.
  const { milestones } = (await deps.research.getProjectWhole(project.id)) ?? { milestones: [] };
  for (const milestone of milestones)
    try {
      await deps.milestones.start(executionName(project.id, milestone.number, 1), {
        projectId: project.id,
        milestone: milestone.number,
        generation: 1,
        cursor: null,
      });
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    }
  for (const { holder, to } of holders)
    await send(
      to,
      projectApprovedEmail({
        project: active,
        to,
        role: holder.role,
        projectUrl: researchUrls.project(config, projectPageToken(config.LINK_SECRET, project, holder)),
      }),
      deps,
    );
  logger.info('research project approved', { projectId: project.id, members: team.length });
}

/**
 * Ends a project whose workflow could not go on (a task kept failing): EXPIRED, with a `failed`
 * event, so its links refuse decisions. The coordinator and the partner are told; a project
 * already ended is left alone.
 */
async function closeAfterFailure(project: ProjectWithTeam, deps: ResearchDeps): Promise<void> {
  const open: ProjectStatus[] = ['SUBMITTED', 'CONSENT', 'PLAN_REVIEW', 'REVISION_REQUESTED'];
  const key = `r${project.round}:failed`;
  if (!open.includes(project.status)) {
    const closedByUs = project.status === 'EXPIRED' && (await deps.research.getProjectWhole(project.id))?.history.some((e) => e.key === key);
    if (!closedByUs) return;
  } else await close(project, { from: open, to: 'EXPIRED', key, type: 'failed' }, deps);
  const coordinator = coordinatorLevel(deps.config).approver;
  const sent = await Promise.allSettled([
    send(coordinator, researchFailureNoticeEmail({ project, language: coordinator.language ?? defaultLanguage }), deps),
    send(project.partner, projectClosedEmail({ project, outcome: 'failure', trackingUrl: trackingUrl(project, deps) }), deps),
  ]);
  logger.error('research project closed after a failure', { projectId: project.id });
  const failure = sent.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
