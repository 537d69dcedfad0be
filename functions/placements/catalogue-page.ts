import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { openPlacements } from '../../shared/placements/catalogue.js';
import { cataloguePage } from '../../shared/placements/placement-pages.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /placements — the open placements. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  return html(200, cataloguePage({ lang, placements: await openPlacements(deps) }), lang);
});
