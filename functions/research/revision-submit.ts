import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, requestLanguage } from '../../shared/kernel/http/http.js';
import { assertSameOrigin } from '../../shared/kernel/steps/link-errors.js';
import { postedProjectForm, pressedRowButton, projectRevisionFormFields } from '../../shared/research/project-form.js';
import { projectResubmittedPage, projectRevisionPage } from '../../shared/research/project-form-page.js';
import { resubmitProject, showProjectRevision } from '../../shared/research/project-revision.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { researchRespondDeps } from './deps.js';

const config = await configWithLinkSecret();
const deps = { ...researchRespondDeps(config), config };

/**
 * POST /projects/edit/{token} — the revised plan. A row button brings the form back with one
 * more milestone (200, nothing stored); else the plan is resubmitted and the answer says it
 * will be reviewed again, or the form comes back with its messages and everything typed.
 */
export const handler = httpHandler('page', async (req) => {
  const token = req.pathParams.token ?? '';
  const lang = requestLanguage(req);
  const fields = readForm(req, lang, projectRevisionFormFields);
  const page = async (statusCode: number, issues?: ValidationError['issues']) => {
    const view = await showProjectRevision(token, lang, deps);
    const form = postedProjectForm(fields, 'revise');
    const settings = { workUnits: config.WORK_UNITS, maxJpHours: config.RESEARCH_MAX_JP_HOURS };
    return html(statusCode, projectRevisionPage({ lang, token, view, form, issues, ...settings }), lang);
  };
  if (pressedRowButton(fields)) {
    assertSameOrigin(req.headers, config.PUBLIC_BASE_URL, lang);
    return page(200);
  }
  try {
    const sent = await resubmitProject(token, fields, { lang, headers: req.headers, requestId: req.requestId }, deps);
    return html(200, projectResubmittedPage({ lang, ...sent }), lang);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return page(400, error.issues);
  }
});
