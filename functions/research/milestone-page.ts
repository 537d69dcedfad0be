import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { extensionSection } from '../../shared/research/extension-pages.js';
import { showMilestone } from '../../shared/research/milestone-links.js';
import { milestonePage } from '../../shared/research/milestone-pages.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const deps = researchReadDeps(loadConfig());

/** GET/HEAD /milestones/{token} — the lead's page for sending a milestone; it changes nothing, however often it is opened. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const view = await showMilestone(req.pathParams.token ?? '', lang, deps);
  const notice = req.query.notice === 'draft-saved' || req.query.notice === 'extension-requested' ? req.query.notice : undefined;
  return html(200, milestonePage({ lang, view, notice, extra: extensionSection({ lang, view }) }), lang);
});
