import { loadConfig } from '../../shared/config.js';
import { html, requestLanguage } from '../../shared/http/http.js';
import { trackingPage } from '../../shared/pages/proposal-pages.js';
import { trackProposal } from '../../shared/proposals/tracking.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from '../lib/read-deps.js';

const deps = readDeps(loadConfig());

/** GET /track/{token} — where a proposal stands, with its history. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const view = await trackProposal(req.pathParams.token ?? '', lang, deps);
  return html(200, trackingPage({ lang, view }), lang);
});
