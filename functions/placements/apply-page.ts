import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../shared/config.js';
import { html, requestLanguage } from '../../shared/http/http.js';
import { applicationFormPage } from '../../shared/pages/placement-pages.js';
import { openPlacement } from '../../shared/placements/catalogue.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../lib/placement-deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /placements/{id}/apply — the application form of an open placement. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const placement = await openPlacement(req.pathParams.id ?? '', lang, deps);
  // A fresh key per form shown: a double click, or a retry after a lost answer, applies once.
  return html(200, applicationFormPage({ lang, placement, workUnits: deps.config.WORK_UNITS, submissionKey: randomUUID() }), lang);
});
