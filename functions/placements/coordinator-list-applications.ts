import { readSecretString } from '../../shared/kernel/adapters/secrets-manager.js';
import { cursorKey, loadConfig } from '../../shared/kernel/config.js';
import { json, requestLanguage } from '../../shared/kernel/http/http.js';
import { listApplications } from '../../shared/placements/placement-reports.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const config = loadConfig();
const deps = { ...placementReadDeps(config), cursorKey: await cursorKey(config, readSecretString) };

/** GET /api/placements/{id}/applications — coordinators only: a placement's applications, oldest first, a page at a time. */
export const handler = httpHandler('api', async (req) => json(200, await listApplications(req, requestLanguage(req), deps)));
