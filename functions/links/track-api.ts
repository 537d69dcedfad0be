import { loadConfig } from '../../shared/kernel/config.js';
import { json, requestLanguage } from '../../shared/kernel/http/http.js';
import { readLink } from '../../shared/kernel/steps/step-links.js';
import { trackApplication } from '../../shared/placements/step-links.js';
import { trackProposal } from '../../shared/proposals/tracking.js';
import { trackProject } from '../../shared/research/research-step-links.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../placements/deps.js';
import { readDeps } from '../proposals/read-deps.js';
import { researchReadDeps } from '../research/deps.js';

const config = loadConfig();
const deps = { ...readDeps(config), ...placementReadDeps(config), ...researchReadDeps(config) };

/** GET /api/track/{token} — the tracking view of a proposal, an application or a research project, as JSON. */
export const handler = httpHandler('api', async (req) => {
  const lang = requestLanguage(req);
  const token = req.pathParams.token ?? '';
  const known = await readLink(token, deps.repo);
  if (known.link?.kind === 'track' && known.link.subject.type === 'application') return json(200, (await trackApplication(token, lang, deps, known)).view);
  if (known.link?.kind === 'track' && known.link.subject.type === 'project') return json(200, await trackProject(token, lang, deps, known));
  return json(200, await trackProposal(token, lang, deps, known));
});
