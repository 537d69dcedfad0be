import { loadConfig } from '../../shared/kernel/config.js';
import { bodyLanguage, json, readJson, requestLanguage } from '../../shared/kernel/http/http.js';
import { offerPlacement } from '../../shared/placements/offers.js';
import { httpHandler } from '../lib/http-handler.js';
import { offerDeps } from './deps.js';

const deps = offerDeps(loadConfig());

/** POST /api/partners/{token}/placements — 201 `{ id, status: "PENDING_APPROVAL" }`: the offer awaits the coordinator. */
export const handler = httpHandler('api', async (req) => {
  const body = readJson(req, requestLanguage(req));
  return json(201, await offerPlacement(req.pathParams.token ?? '', body, { lang: bodyLanguage(req, body), requestId: req.requestId }, deps));
});
