import { loadConfig } from '../../shared/kernel/config.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import { html, readForm, redirect, requestLanguage } from '../../shared/kernel/http/http.js';
import { extensionSection } from '../../shared/research/extension-pages.js';
import { actOnMilestone, milestoneFormFields, showMilestone } from '../../shared/research/milestone-links.js';
import { milestoneDonePage, milestonePage } from '../../shared/research/milestone-pages.js';
import { researchUrls } from '../../shared/research/research-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchRespondDeps } from './deps.js';

const config = loadConfig();
// Sending a milestone hands it to the wait of its cycle, an execution of the milestone workflow.
const deps = researchRespondDeps(config, config.MILESTONE_WORKFLOW_ARN);

/**
 * POST /milestones/{token} — keeps a draft (303 back to the page), adds an output row (the page
 * again, as typed), or sends the milestone once; refusals keep every field typed.
 */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const fields = Object.fromEntries(readForm(req, lang, milestoneFormFields));
  try {
    const done = await actOnMilestone(token, fields, { lang, headers: req.headers, requestId: req.requestId }, deps);
    // An output row added: the form again, as typed, with the new row (nothing was written).
    if (done.kind === 'row')
      return html(200, milestonePage({ lang, view: done.view, values: done.values, extra: extensionSection({ lang, view: done.view }) }), lang);
    if (done.kind !== 'submitted')
      return redirect(
        `${researchUrls.milestone(config, token)}?notice=${done.kind === 'draft' ? 'draft-saved' : 'extension-requested'}${lang === 'en' ? '&lang=en' : ''}`,
      );
    return html(200, milestoneDonePage({ lang, view: done.view }), lang);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const view = await showMilestone(token, lang, deps);
    const extension = fields.intent === 'extension';
    return html(
      400,
      milestonePage({
        lang,
        view,
        // A refused extension keeps what was typed in its own form; a refused submission in the milestone's.
        issues: extension ? [] : error.issues,
        values: extension ? {} : fields,
        extra: extensionSection({ lang, view, ...(extension ? { issues: error.issues, values: fields } : {}) }),
      }),
      lang,
    );
  }
});
