import { loadConfig } from '../../shared/config.js';
import { html, requestLanguage } from '../../shared/http/http.js';
import { cataloguePage } from '../../shared/pages/placement-pages.js';
import { openPlacements } from '../../shared/placements/catalogue.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../lib/placement-deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /placements — the open placements. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  return html(200, cataloguePage({ lang, placements: await openPlacements(deps) }), lang);
});
