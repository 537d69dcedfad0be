import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { projectFormOf } from '../../shared/research/project-form.js';
import { projectRevisionPage } from '../../shared/research/project-form-page.js';
import { showProjectRevision } from '../../shared/research/project-revision.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const deps = researchReadDeps(loadConfig());

/** GET /projects/edit/{token} — the plan sent back for revision, as a form filled in, with the coordinator's note; it changes nothing. */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  const view = await showProjectRevision(token, requestLanguage(req), deps);
  // In the language the revision mail was in, unless the partner switches.
  const lang = requestLanguage(req, req.query.lang ?? view.project.partner.language);
  const page = projectRevisionPage({
    lang,
    token,
    view,
    form: projectFormOf(view.project.data),
    workUnits: deps.config.WORK_UNITS,
    maxJpHours: deps.config.RESEARCH_MAX_JP_HOURS,
  });
  return html(200, page, lang);
});
