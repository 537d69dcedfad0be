import { bodyLanguage, json, readIdempotencyKey, readJson, requestLanguage } from '../../shared/kernel/http/http.js';
import { submitApplication } from '../../shared/placements/apply.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { applyDeps } from './deps.js';

const deps = applyDeps(await configWithLinkSecret());

/** POST /api/placements/{id}/applications — 201 `{ id, status, trackingUrl }`; an Idempotency-Key replays the first answer. */
export const handler = httpHandler('api', async (req) => {
  const body = readJson(req, requestLanguage(req));
  const lang = bodyLanguage(req, body);
  const idempotencyKey = readIdempotencyKey(req, lang);
  return json(
    201,
    await submitApplication(req.pathParams.id ?? '', body, { lang, idempotencyKey, requestId: req.requestId, clientAddress: req.sourceIp }, deps),
  );
});
