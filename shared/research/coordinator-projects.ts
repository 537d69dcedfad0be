import * as z from 'zod/mini';
import { NotFoundError } from '../kernel/errors.js';
import { requireCoordinator } from '../kernel/http/coordinators.js';
import type { Language } from '../kernel/i18n.js';
import { invalidCursor, type ListPosition, openCursor, pageQuery, signCursor } from '../kernel/store/cursors.js';
import type { Clock } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { LogbookEntry } from './logbook.js';
import type { ResearchOutput } from './outputs.js';
import { type ProjectStatus, projectStatuses } from './research.schema.js';
import type { MilestoneRecord, ProjectEvent, ProjectMember, ProjectRecord } from './research-records.js';
import type { ResearchRepository } from './research-repository.js';
import { milestoneView, projectTrackingView } from './research-step-links.js';
import type { MilestoneView, ProjectHistoryEntry } from './views.js';

/**
 * The coordinators' JSON routes for research projects (bearer token, as their other routes):
 * the projects in one status, a page at a time, and one project whole.
 */

/** The query of `GET /api/projects`: one status is one partition of the status index, so one query and one cursor. */
export const ListProjectsQuery = z.object({
  status: z.pipe(z.string().check(z.trim(), z.toUpperCase()), z.enum(projectStatuses)),
  ...pageQuery,
});

/** One project in a coordinator's list. */
export interface ProjectSummary {
  id: string;
  status: ProjectStatus;
  title: string;
  institution: string;
  lead: { name: string; email: string };
  startDate: string;
  endDate: string;
  round: number;
  submittedAt: string;
  updatedAt: string;
}

export interface CoordinatorProjectsDeps {
  research: Pick<ResearchRepository, 'listProjects' | 'getProjectWhole' | 'logbook'>;
  cursorKey: string;
  clock: Clock;
}

const cursorScope = (status: ProjectStatus) => `projects:${status}`;

const toSummary = (p: ProjectRecord): ProjectSummary => ({
  id: p.id,
  status: p.status,
  title: p.data.title,
  institution: p.institution,
  lead: p.data.lead,
  startDate: p.data.startDate,
  endDate: p.data.endDate,
  round: p.round,
  submittedAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** `GET /api/projects?status=…&limit=…&cursor=…`: newest first. The group is checked before the query. */
export async function listProjects(
  request: { query: Record<string, string>; claims?: Record<string, unknown> },
  lang: Language,
  deps: CoordinatorProjectsDeps,
): Promise<{ items: ProjectSummary[]; nextCursor?: string }> {
  requireCoordinator(request.claims, lang);
  const query = parseOrThrow(ListProjectsQuery, request.query, lang);
  let after: ListPosition | undefined;
  if (query.cursor !== undefined) {
    after = openCursor(deps.cursorKey, cursorScope(query.status), query.cursor);
    if (!after) throw invalidCursor(lang);
  }
  const page = await deps.research.listProjects(query.status, { limit: query.limit, after });
  const items = page.items.map(toSummary);
  return page.next ? { items, nextCursor: signCursor(deps.cursorKey, cursorScope(query.status), page.next) } : { items };
}

/** A project as coordinators see it: everything, including the members' NIP and addresses. */
export interface ProjectDetail extends ProjectSummary {
  summary: string;
  objectives: string;
  coReviewer: { name: string; email: string };
  partnershipId: string;
  partner: { name: string; email: string };
  approvedAt?: string;
  members: ProjectMember[];
  milestones: MilestoneView[];
  /** Every logbook entry of the team, oldest first. */
  logbook: LogbookEntry[];
  /** The outputs the project lists: those of each milestone's latest submission, with its milestone and round. */
  outputs: ProjectOutput[];
  history: (ProjectHistoryEntry & { by?: ProjectEvent['actor'] })[];
}

/** One output of a project, with the milestone and the round whose submission lists it. */
export type ProjectOutput = ResearchOutput & { milestone: number; round: number };

/** Each milestone's latest submission's outputs, in milestone order: what the project has to show now (earlier rounds stay under `milestones`). */
export function projectOutputs(milestones: readonly MilestoneRecord[]): ProjectOutput[] {
  return milestones.flatMap((m) => {
    const latest = (m.submissions ?? []).at(-1);
    return (latest?.outputs ?? []).map((output) => ({ ...output, milestone: m.number, round: latest!.round }));
  });
}

/** `GET /api/projects/{id}`: 404 for an unknown id (after the group is checked). */
export async function projectDetail(
  request: { pathParams: Record<string, string | undefined>; claims?: Record<string, unknown> },
  lang: Language,
  deps: CoordinatorProjectsDeps,
): Promise<ProjectDetail> {
  requireCoordinator(request.claims, lang);
  const id = request.pathParams.id ?? '';
  const whole = /^[0-9a-f-]{36}$/.test(id) ? await deps.research.getProjectWhole(id) : undefined;
  if (!whole) throw new NotFoundError(lang === 'id' ? 'Proyek ini tidak ditemukan.' : 'This project was not found.');
  const now = deps.clock.now();
  const { project } = whole;
  const tracking = projectTrackingView(whole, now);
  return {
    ...toSummary(project),
    summary: project.data.summary,
    objectives: project.data.objectives,
    coReviewer: project.data.coReviewer,
    partnershipId: project.partnershipId,
    partner: { name: project.partner.name, email: project.partner.email },
    ...(project.approvedAt ? { approvedAt: project.approvedAt } : {}),
    members: project.members,
    milestones: whole.milestones.map((m) => milestoneView(m, now)),
    logbook: await deps.research.logbook(project.id),
    outputs: projectOutputs(whole.milestones),
    // Coordinators see who acted, with their address.
    history: tracking.history.map((entry, i) => ({ ...entry, by: whole.history[i]?.actor })),
  };
}
