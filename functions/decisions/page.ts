import { loadConfig } from '../../shared/config.js';
import { html, requestLanguage } from '../../shared/http/http.js';
import { decisionPage } from '../../shared/pages/proposal-pages.js';
import { showDecision } from '../../shared/proposals/decisions.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from '../lib/read-deps.js';

const deps = readDeps(loadConfig());

/** GET/HEAD /decide/{token} — the confirmation page; it changes nothing (this function can only read). */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const view = await showDecision(req.pathParams.token ?? '', lang, deps);
  return html(200, decisionPage({ lang, view }), lang);
});
