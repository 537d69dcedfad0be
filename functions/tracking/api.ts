import { loadConfig } from '../../shared/config.js';
import { json, requestLanguage } from '../../shared/http/http.js';
import { isApplicationToken, trackApplication } from '../../shared/placements/step-links.js';
import { trackProposal } from '../../shared/proposals/tracking.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../lib/placement-deps.js';
import { readDeps } from '../lib/read-deps.js';

const config = loadConfig();
const deps = { ...readDeps(config), ...placementReadDeps(config) };

/** GET /api/track/{token} — the tracking view of a proposal or an application, as JSON. */
export const handler = httpHandler('api', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  if (await isApplicationToken(token, deps)) return json(200, (await trackApplication(token, lang, deps)).view);
  return json(200, await trackProposal(token, lang, deps));
});
