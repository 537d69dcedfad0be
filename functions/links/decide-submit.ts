import { loadConfig } from '../../shared/kernel/config.js';
import { ValidationError } from '../../shared/kernel/errors.js';
import { anyFormOf } from '../../shared/kernel/http/form.js';
import { html, readForm, requestLanguage } from '../../shared/kernel/http/http.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { stepDonePage, stepPage } from '../../shared/placements/placement-pages.js';
import { actOnStep, type StepRoute, showStep, stepFormFields } from '../../shared/placements/step-links.js';
import { decide, decisionFormFields, showDecision } from '../../shared/proposals/decisions.js';
import { decisionDonePage, decisionPage } from '../../shared/proposals/proposal-pages.js';
import { actOnResearchStep, isResearchStep, researchFormFields, showResearchStep } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementRespondDeps } from '../placements/deps.js';
import { respondDeps } from '../proposals/respond-deps.js';
import { researchRespondDeps } from '../research/deps.js';
import { isProposalStep, researchDecisionPage, researchDonePage } from './link-workflows.js';

const config = loadConfig();
// Completing a step goes by its task token, so one client serves the waits of every workflow.
const deps = { ...placementRespondDeps(config), ...respondDeps(config) };
// A project's steps resume the research workflow; their completions go by task token too.
const research = researchRespondDeps(config);

/** POST /decide/{token} and /reports/{token} — a person's decision or report: applied exactly once, then the workflow moves on. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const fields = Object.fromEntries(readForm(req, lang, anyFormOf(decisionFormFields, stepFormFields, researchFormFields)));
  const route: StepRoute = req.path.startsWith('/reports/') ? 'report' : 'decide';
  const ctx = { lang, headers: req.headers, requestId: req.requestId };
  // One read of the link says whose step this is, by the workflow of its subject.
  const known = await readLink(token, deps.repo);
  if (route === 'decide' && isResearchStep(known)) {
    try {
      return html(200, researchDonePage(lang, await actOnResearchStep(token, fields, ctx, research, known)), lang);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return html(400, researchDecisionPage(lang, await showResearchStep(token, lang, research), error.issues, fields), lang);
    }
  }
  if (route === 'report' || !isProposalStep(known)) {
    try {
      return html(200, stepDonePage({ lang, result: await actOnStep(token, route, fields, ctx, deps, known) }), lang);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return html(400, stepPage({ lang, view: await showStep(token, route, lang, deps), issues: error.issues, values: fields }), lang);
    }
  }
  try {
    const result = await decide(token, fields, ctx, deps, known);
    return html(200, decisionDonePage({ lang, result, chainLength: deps.config.APPROVAL_CHAIN.length }), lang);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const view = await showDecision(token, lang, deps);
    return html(400, decisionPage({ lang, view, issues: error.issues, comment: fields.comment, decision: fields.decision }), lang);
  }
});
