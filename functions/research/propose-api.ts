import { bodyLanguage, json, readJson, requestLanguage } from '../../shared/kernel/http/http.js';
import { proposeProject } from '../../shared/research/propose-project.js';
import { httpHandler } from '../lib/http-handler.js';
import { configWithLinkSecret } from '../lib/link-secret.js';
import { proposeProjectDeps } from './deps.js';

const deps = proposeProjectDeps(await configWithLinkSecret());

/** POST /api/partners/{token}/projects — 201 `{ id, status: "SUBMITTED", trackingUrl }`: the supervisors are asked first. */
export const handler = httpHandler('api', async (req) => {
  const body = readJson(req, requestLanguage(req));
  return json(201, await proposeProject(req.pathParams.token ?? '', body, { lang: bodyLanguage(req, body), requestId: req.requestId }, deps));
});
