import { loadConfig } from '../../shared/kernel/config.js';
import { json } from '../../shared/kernel/http/http.js';
import { openPlacements } from '../../shared/placements/catalogue.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from './deps.js';

const deps = placementReadDeps(loadConfig());

/** GET /api/placements — the open placements as JSON. */
export const handler = httpHandler('api', async () => {
  const items = (await openPlacements(deps)).map(
    ({ id, title, institution, hostUnit, seats, seatsLeft, startDate, endDate, jpHours, applicationDeadline }) => ({
      id,
      title,
      institution,
      hostUnit,
      seats,
      seatsLeft,
      startDate,
      endDate,
      jpHours,
      applicationDeadline,
    }),
  );
  return json(200, { items });
});
