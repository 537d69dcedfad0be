import type { Config } from '../../shared/kernel/config.js';
import type { FieldIssue } from '../../shared/kernel/errors.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import type { Language } from '../../shared/kernel/i18n.js';
import type { PlacementReadDeps } from '../../shared/placements/deps.js';
import { partnerView } from '../../shared/placements/offers.js';
import { partnerPage } from '../../shared/placements/placement-pages.js';
import type { ResearchReadDeps } from '../../shared/research/deps.js';
import { freshProjectForm, type ProjectFormState, partnerProjects } from '../../shared/research/project-form.js';
import { partnerProjectsSection } from '../../shared/research/project-form-page.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { researchReadDeps } from '../research/deps.js';
import { placementReadDeps } from './deps.js';

/**
 * The partner page, `/partners/{token}`: the partnership, its placements (internship scope) and
 * its research projects (research scope), each with its form. Its GET and both forms' POSTs
 * (`offer-submit.ts`, `../research/propose-submit.ts`) answer with the page `partnerPageFor`
 * renders, so a form sent back with its messages is the page the partner saw.
 */

/** What the page reads: the partnership and its placements, its projects, and the link secret that links each project's tracking page. */
export type PartnerPageDeps = PlacementReadDeps & Pick<ResearchReadDeps, 'research'> & { config: Config };

/** What a form on the page brings back to it: its notice, or what was posted and what was wrong with it. */
export interface PartnerPageState {
  notice?: 'offered' | 'proposed';
  offer?: { issues: FieldIssue[]; values: Record<string, unknown> };
  project?: { form: ProjectFormState; issues?: FieldIssue[] };
}

/** The partner page a token opens (404 for any other token), with the state a form brought back. */
export async function partnerPageFor(token: string, lang: Language, deps: PartnerPageDeps, state: PartnerPageState = {}): Promise<string> {
  const view = await partnerView(token, lang, deps);
  const research = view.partnership.scopes.includes('research')
    ? [
        partnerProjectsSection({
          lang,
          token,
          projects: await partnerProjects(view.partnership, deps),
          form: state.project?.form ?? freshProjectForm(),
          issues: state.project?.issues,
          workUnits: deps.config.WORK_UNITS,
          maxJpHours: deps.config.RESEARCH_MAX_JP_HOURS,
          notice: state.notice === 'proposed' ? 'proposed' : undefined,
        }),
      ]
    : [];
  return partnerPage({
    lang,
    view,
    token,
    issues: state.offer?.issues,
    values: state.offer?.values,
    notice: state.notice === 'offered' ? 'offered' : undefined,
    sections: research,
  });
}

function partnerPageDepsOf(config: Config): PartnerPageDeps {
  return { ...placementReadDeps(config), research: researchReadDeps(config).research, config };
}

/** The page's reads, made once per container; the functions of the page's two forms build on them. */
export const partnerPageDeps = partnerPageDepsOf(await configWithLinkSecret());

const notices = ['offered', 'proposed'] as const;

/** GET /partners/{token} — a partner's placements and research projects, and the forms to offer and propose more. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const notice = notices.find((n) => n === req.query.notice);
  return html(200, await partnerPageFor(req.pathParams.token ?? '', lang, partnerPageDeps, { notice }), lang);
});
