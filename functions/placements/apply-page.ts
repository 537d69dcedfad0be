import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../shared/kernel/config.js';
import { html, requestLanguage } from '../../shared/kernel/http/http.js';
import { openPlacement } from '../../shared/placements/catalogue.js';
import { applicationFormPage } from '../../shared/placements/placement-pages.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /placements/{id}/apply — the application form of an open placement. */
export const handler = httpHandler('page', async (req) => {
  const lang = requestLanguage(req);
  const placement = await openPlacement(req.pathParams.id ?? '', lang, deps);
  // A fresh key per form shown: a double click, or a retry after a lost answer, applies once.
  return html(200, applicationFormPage({ lang, placement, workUnits: deps.config.WORK_UNITS, submissionKey: randomUUID() }), lang);
});
