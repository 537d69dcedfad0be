import { loadConfig } from '../../shared/config.js';
import { json, requestLanguage } from '../../shared/http/http.js';
import { trackProposal } from '../../shared/proposals/tracking.js';
import { httpHandler } from '../lib/http-handler.js';
import { readDeps } from '../lib/read-deps.js';

const deps = readDeps(loadConfig());

/** GET /api/track/{token} — the tracking view as JSON. */
export const handler = httpHandler('api', async (req) =>
  json(200, await trackProposal(req.pathParams.token ?? '', requestLanguage(req), deps)),
);
