import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { partnerView } from '../../shared/placements/offers.js';
import { partnerPage } from '../../shared/placements/placement-pages.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /partners/{token} — a partner's placements and the form to offer another. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const view = await partnerView(token, lang, deps);
  return html(200, partnerPage({ lang, view, token, notice: req.query.notice === 'offered' ? 'offered' : undefined }), lang);
});
