import { loadConfig } from '../../shared/config.js';
import { ValidationError } from '../../shared/errors.js';
import { html, readForm, requestLanguage } from '../../shared/http/http.js';
import { decisionDonePage, decisionPage } from '../../shared/pages/proposal-pages.js';
import { decide, showDecision } from '../../shared/proposals/decisions.js';
import { httpHandler } from '../lib/http-handler.js';
import { respondDeps } from '../lib/respond-deps.js';

const deps = respondDeps(loadConfig());

/** POST /decide/{token} — a person's decision: applied exactly once, then the workflow moves on. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const fields = Object.fromEntries(readForm(req, lang));
  try {
    const result = await decide(token, fields, { lang, headers: req.headers, requestId: req.requestId }, deps);
    return html(200, decisionDonePage({ lang, result, chainLength: deps.config.APPROVAL_CHAIN.length }), lang);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const view = await showDecision(token, lang, deps);
    return html(400, decisionPage({ lang, view, issues: error.issues, comment: fields.comment }), lang);
  }
});
