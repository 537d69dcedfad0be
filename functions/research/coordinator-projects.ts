import { readSecretString } from '../../shared/kernel/adapters/secrets-manager.js';
import { cursorKey, loadConfig } from '../../shared/kernel/config.js';
import { json, requestLanguage } from '../../shared/kernel/http/http.js';
import { listProjects, projectDetail } from '../../shared/research/coordinator-projects.js';
import { httpHandler } from '../lib/http-handler.js';
import { researchReadDeps } from './deps.js';

const config = loadConfig();
const deps = { ...researchReadDeps(config), cursorKey: await cursorKey(config, readSecretString) };

/** GET /api/projects and GET /api/projects/{id} — coordinators only (a JWT authorizer guards the routes, the function checks the group). */
export const handler = httpHandler('api', async (req) => {
  const lang = requestLanguage(req);
  if (req.pathParams.id !== undefined) return json(200, await projectDetail(req, lang, deps));
  return json(200, await listProjects(req, lang, deps));
});
