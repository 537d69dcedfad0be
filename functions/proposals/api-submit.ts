import { bodyLanguage, json, readIdempotencyKey, readJson, requestLanguage } from '../../shared/kernel/http/http.js';
import { submitProposal } from '../../shared/proposals/submit-proposal.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { submitDeps } from './submit-deps.js';

const deps = submitDeps(await configWithLinkSecret());

/** POST /api/proposals — 201 `{ id, status: "UNCONFIRMED", trackingUrl }`, and the contact is mailed the confirmation link; an Idempotency-Key replays the first answer. */
export const handler = httpHandler('api', async (req) => {
  const body = readJson(req, requestLanguage(req));
  const lang = bodyLanguage(req, body);
  const idempotencyKey = readIdempotencyKey(req, lang);
  return json(201, await submitProposal(body, { lang, idempotencyKey, requestId: req.requestId, clientAddress: req.sourceIp }, deps));
});
