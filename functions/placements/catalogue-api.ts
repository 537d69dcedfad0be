import { loadConfig } from '../../shared/config.js';
import { json } from '../../shared/http/http.js';
import { openPlacements } from '../../shared/placements/catalogue.js';
import { httpHandler } from '../lib/http-handler.js';
import { placementReadDeps } from '../lib/placement-deps.js';

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
