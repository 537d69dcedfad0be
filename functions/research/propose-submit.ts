import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { assertSameOrigin } from '../../shared/kernel/steps/link-errors.js';
import { postedProjectForm, pressedRowButton, projectFormFields, projectFromForm } from '../../shared/research/project-form.js';
import { proposeProject } from '../../shared/research/propose-project.js';
import { httpHandler } from '../lib/http-handler.js';
import { partnerPageDeps, partnerPageFor } from '../placements/partner-page.js';
import { proposeProjectDeps } from './deps.js';

const deps = { ...partnerPageDeps, workflows: proposeProjectDeps(partnerPageDeps.config).workflows };

/**
 * POST /partners/{token}/projects — the partner page's project form. A row button brings the page
 * back with one more row (200, nothing stored); else the project is proposed and the answer is a
 * 303 back to the page with its notice, or the page with the form's messages and everything typed.
 */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  assertSameOrigin(req.headers, deps.config.PUBLIC_BASE_URL, lang);
  const fields = readForm(req, lang, projectFormFields);
  if (pressedRowButton(fields)) return html(200, await partnerPageFor(token, lang, deps, { project: { form: postedProjectForm(fields, 'propose') } }), lang);
  try {
    await proposeProject(token, projectFromForm(fields), { lang, requestId: req.requestId }, deps);
    return redirect(`${deps.config.PUBLIC_BASE_URL}/partners/${encodeURIComponent(token)}?notice=proposed${lang === 'en' ? '&lang=en' : ''}`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return html(400, await partnerPageFor(token, lang, deps, { project: { form: postedProjectForm(fields, 'propose'), issues: error.issues } }), lang);
  }
});
