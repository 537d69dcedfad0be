import { trackUrl } from '../kernel/steps/step-links.js';
import { hashToken, mintToken } from '../kernel/steps/tokens.js';
import type { PlacementDeps } from './deps.js';
import type { ApplicationRecord } from './placement-records.js';

/** The tracking link of an application: minted again from its id, under its key version; never stored. */
export function applicationTrackUrl(deps: Pick<PlacementDeps, 'config'>, application: Pick<ApplicationRecord, 'id' | 'keyVersion'>): string {
  return trackUrl(deps.config, mintToken(deps.config.LINK_SECRET, application, 'track', `application:${application.id}`));
}

/** What the database keys an application's tracking link by. */
export const applicationTrackHash = (deps: Pick<PlacementDeps, 'config'>, application: Pick<ApplicationRecord, 'id' | 'keyVersion'>) =>
  hashToken(mintToken(deps.config.LINK_SECRET, application, 'track', `application:${application.id}`));
