import type { EnvConfig } from '../kernel/config.js';
import type { TrackLink } from '../kernel/steps/step-link.js';
import { decideUrl, trackUrl } from '../kernel/steps/step-links.js';
import { hashToken, type LinkKeyring, mintToken } from '../kernel/steps/tokens.js';
import type { ProjectRecord } from './research-records.js';

/**
 * The private links of a research project: the partner's tracking link, and each member's
 * and the lead's own project page. All are minted again from the project (under its key
 * version), never stored; the table keeps their hashes.
 */

/** Whose project page a link opens: the lead's, or a member's (1-based). */
export type ProjectHolder = { role: 'lead' } | { role: 'member'; member: number };

/** A link to a project's own page, `/projects/{token}`: what it shows depends on whose it is. */
export interface ProjectLink extends TrackLink {
  as: ProjectHolder;
}

const holderId = (holder: ProjectHolder) => (holder.role === 'lead' ? 'lead' : `member-${holder.member}`);

export const projectTrackToken = (secret: LinkKeyring, project: ProjectRecord) => mintToken(secret, project, 'track', `project:${project.id}`);

export const projectPageToken = (secret: LinkKeyring, project: ProjectRecord, holder: ProjectHolder) =>
  mintToken(secret, project, 'track', `project:${project.id}:${holderId(holder)}`);

/** The partner's tracking link, made with the project. */
export function projectTrackLink(secret: LinkKeyring, project: ProjectRecord): TrackLink {
  return { kind: 'track', hash: hashToken(projectTrackToken(secret, project)), subject: { type: 'project', id: project.id }, createdAt: project.createdAt };
}

/** A member's or the lead's project page link, made when the project becomes active. */
export function projectPageLink(secret: LinkKeyring, project: ProjectRecord, holder: ProjectHolder, at: string): ProjectLink {
  return { kind: 'track', hash: hashToken(projectPageToken(secret, project, holder)), subject: { type: 'project', id: project.id }, createdAt: at, as: holder };
}

export const isProjectLink = (link: unknown): link is ProjectLink =>
  (link as ProjectLink | undefined)?.kind === 'track' && (link as ProjectLink).subject?.type === 'project' && (link as ProjectLink).as !== undefined;

/** Public addresses of the research pages. */
export const researchUrls = {
  track: trackUrl,
  decide: decideUrl,
  project: (config: Pick<EnvConfig, 'PUBLIC_BASE_URL'>, token: string) => `${config.PUBLIC_BASE_URL}/projects/${token}`,
  /** The lead's page for sending a milestone. */
  milestone: (config: Pick<EnvConfig, 'PUBLIC_BASE_URL'>, token: string) => `${config.PUBLIC_BASE_URL}/milestones/${token}`,
  /** The partner's revision of a plan sent back. */
  edit: (config: Pick<EnvConfig, 'PUBLIC_BASE_URL'>, token: string) => `${config.PUBLIC_BASE_URL}/projects/edit/${token}`,
  projectTrack: (config: Pick<EnvConfig, 'PUBLIC_BASE_URL'>, secret: LinkKeyring, project: ProjectRecord) =>
    trackUrl(config, projectTrackToken(secret, project)),
};

/** The name of a milestone's execution of one generation: starting it twice starts it once. */
export const executionName = (projectId: string, n: number, generation: number) => `milestone-${projectId}-${n}-g${generation}`;
