import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { todayInWib } from '../../shared/kernel/time.js';
import { applicationTrackingPage } from '../../shared/placements/placement-pages.js';
import { trackApplication } from '../../shared/placements/step-links.js';
import { trackingPage } from '../../shared/proposals/proposal-pages.js';
import { trackProposal } from '../../shared/proposals/tracking.js';
import { projectTrackingPage } from '../../shared/research/research-pages.js';
import { trackProject } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../placements/deps.js';
import { readDeps } from '../proposals/read-deps.js';
import { researchReadDeps } from '../research/deps.js';

const config = loadConfig();
const deps = { ...readDeps(config), ...placementReadDeps(config), ...researchReadDeps(config) };

/** GET /track/{token} — where a proposal, an application or a research project stands, with its history (and, after a withdrawal or a confirmation, a word saying it happened). */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  // One read of the link says whose tracking page this is.
  const known = await readLink(token, deps.repo);
  if (known.link?.kind === 'track' && known.link.subject.type === 'application') {
    const { view, proof } = await trackApplication(token, lang, deps, known);
    const notice = req.query.notice === 'withdrawn' || req.query.notice === 'confirmed' ? req.query.notice : undefined;
    return html(200, applicationTrackingPage({ lang, view, token, proof, notice }), lang);
  }
  if (known.link?.kind === 'track' && known.link.subject.type === 'project')
    return html(200, projectTrackingPage({ lang, view: await trackProject(token, lang, deps, known), today: todayInWib(deps.clock.now()) }), lang);
  const notice = req.query.notice === 'confirmed' ? 'confirmed' : undefined;
  return html(200, trackingPage({ lang, view: await trackProposal(token, lang, deps, known), notice }), lang);
});
