import { randomUUID } from 'node:crypto';
import { ConflictError, UnavailableError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { logger } from '../kernel/logger.js';
import { type PartnershipRecord, partnershipOfLink } from '../kernel/partnerships/partnership.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { ProposeProjectDeps } from './deps.js';
import { checkProjectDates, type ProjectInput, projectInput } from './research.schema.js';
import { projectTrackLink, researchUrls } from './research-links.js';
import type { MilestoneRecord, ProjectEvent, ProjectMember, ProjectRecord } from './research-records.js';
import { projectSubject } from './research-repository.js';

const say = (lang: Language, id: string, en: string) => (lang === 'id' ? id : en);

/** A partnership can carry research projects while it is active and has the research scope; else 409. */
export function assertCarriesResearch(partnership: PartnershipRecord, lang: Language): void {
  if (partnership.status !== 'ACTIVE')
    throw new ConflictError(
      say(lang, 'Kemitraan ini tidak aktif; proyek penelitian tidak dapat diajukan.', 'This partnership is not active; research projects cannot be proposed.'),
    );
  if (!partnership.scopes.includes('research'))
    throw new ConflictError(
      say(
        lang,
        'Kemitraan ini tidak mencakup penelitian; proyek penelitian hanya dapat diajukan di bawah kemitraan dengan ruang lingkup penelitian.',
        'This partnership does not include research; projects can only be proposed under a partnership with the research scope.',
      ),
    );
}

/** The items a proposed project is stored as: the project, its members (not asked yet) and its milestones (planned). */
export function newProject(
  input: ProjectInput,
  partnership: PartnershipRecord,
  at: string,
): { project: ProjectRecord; members: ProjectMember[]; milestones: MilestoneRecord[] } {
  const { members: team, ...data } = input;
  const project: ProjectRecord = {
    id: randomUUID(),
    partnershipId: partnership.id,
    status: 'SUBMITTED',
    data,
    institution: partnership.institution.name,
    partner: { name: partnership.contact.name, email: partnership.contact.email, language: input.language },
    round: 1,
    createdAt: at,
    updatedAt: at,
    // A project's links are minted under its partnership's key version, as its partner link is.
    ...(partnership.keyVersion ? { keyVersion: partnership.keyVersion } : {}),
  };
  const members = team.map((member, i) => ({ ...member, number: i + 1, consent: 'PENDING' as const }));
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
      updatedAt: at,
    }),
  );
  return { project, members, milestones };
}

/**
 * A partner proposes a research project through their link (`POST /api/partners/{token}/projects`
 * and the partner page's form). The partner's contact holds the link their own mailbox received,
 * so no further confirmation is asked. The project is stored with its tracking link and its
 * workflow started; if the start fails, everything is removed again so nothing waits without a
 * workflow.
 */
export async function proposeProject(
  token: string,
  raw: unknown,
  ctx: { lang: Language; requestId?: string },
  deps: ProposeProjectDeps,
): Promise<{ id: string; status: 'SUBMITTED'; trackingUrl: string }> {
  const { config, clock } = deps;
  const partnership = await partnershipOfLink(token, ctx.lang, deps.research);
  assertCarriesResearch(partnership, ctx.lang);
  const input = parseOrThrow(projectInput(config.WORK_UNITS, config.OFFICIAL_EMAIL_DOMAINS, config.RESEARCH_MAX_JP_HOURS, clock), raw, ctx.lang);
  const now = clock.now();
  checkProjectDates(input, partnership, todayInWib(now), ctx.lang);
  const at = now.toISOString();
  const { project, members, milestones } = newProject(input, partnership, at);
  const track = projectTrackLink(config.LINK_SECRET, project);
  const event: ProjectEvent = {
    subject: projectSubject(project.id),
    key: 'submitted',
    type: 'submitted',
    at,
    actor: { role: 'partner', name: partnership.contact.name, email: partnership.contact.email },
    toStatus: 'SUBMITTED',
    requestId: ctx.requestId,
  };
  await deps.research.createProject(project, members, milestones, track, event);
  try {
    await deps.workflows.start(`project-${project.id}`, { projectId: project.id });
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') {
      logger.error('could not start the project workflow; removing the project', { projectId: project.id, errorName: (error as Error).name });
      await deps.research
        .deleteProject(project, members, milestones, track, event)
        .catch((cleanup: Error) =>
          logger.error('could not remove the project whose workflow did not start', { projectId: project.id, errorName: cleanup.name }),
        );
      throw new UnavailableError(
        say(
          ctx.lang,
          'Proyek belum dapat diproses saat ini. Silakan coba lagi sebentar lagi.',
          'The project cannot be processed right now. Please try again shortly.',
        ),
      );
    }
  }
  logger.info('research project proposed', { projectId: project.id, partnershipId: partnership.id, members: members.length, milestones: milestones.length });
  return { id: project.id, status: 'SUBMITTED', trackingUrl: researchUrls.projectTrack(config, config.LINK_SECRET, project) };
}
