import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { stepPage } from '../../shared/placements/placement-pages.js';
import { type StepRoute, showStep } from '../../shared/placements/step-links.js';
import { showDecision } from '../../shared/proposals/decisions.js';
import { decisionPage } from '../../shared/proposals/proposal-pages.js';
import { isResearchStep, showResearchStep } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../placements/deps.js';
import { readDeps } from '../proposals/read-deps.js';
import { researchReadDeps } from '../research/deps.js';
import { isProposalStep, researchDecisionPage } from './link-workflows.js';

const config = loadConfig();
const deps = { ...readDeps(config), ...placementReadDeps(config), ...researchReadDeps(config) };

/** GET/HEAD /decide/{token} and /reports/{token} — the page of a link; it changes nothing (this function can only read). */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const route: StepRoute = req.path.startsWith('/reports/') ? 'report' : 'decide';
  // One read of the link says whose page this is, by the workflow of its subject.
  const known = await readLink(token, deps.repo);
  if (route === 'decide' && isProposalStep(known)) return html(200, decisionPage({ lang, view: await showDecision(token, lang, deps, known) }), lang);
  if (route === 'decide' && isResearchStep(known)) {
    return html(200, researchDecisionPage(lang, await showResearchStep(token, lang, deps, known)), lang);
  }
  return html(200, stepPage({ lang, view: await showStep(token, route, lang, deps, known) }), lang);
});
