import { NotFoundError } from '../kernel/errors.js';
import type { Language } from '../kernel/i18n.js';
import { todayInWib } from '../kernel/time.js';
import type { PlacementReadDeps } from './deps.js';
import type { PlacementRecord } from './placement-records.js';
import type { CatalogueItem } from './views.js';

/** A published placement takes applications until its deadline, and never once it has started. */
export function isOpen(placement: PlacementRecord, today: string): boolean {
  return placement.status === 'PUBLISHED' && today <= placement.data.applicationDeadline && today < placement.data.startDate;
}

export function catalogueItem(p: PlacementRecord): CatalogueItem {
  return {
    id: p.id,
    title: p.data.title,
    institution: p.institution,
    hostUnit: p.data.hostUnit,
    competencyArea: p.data.competencyArea,
    description: p.data.description,
    seats: p.data.seats,
    seatsLeft: Math.max(0, p.data.seats - p.seatsTaken),
    startDate: p.data.startDate,
    endDate: p.data.endDate,
    jpHours: p.data.jpHours,
    applicationDeadline: p.data.applicationDeadline,
    language: p.data.language,
  };
}

/** The open placements, soonest start first. */
export async function openPlacements(deps: PlacementReadDeps): Promise<CatalogueItem[]> {
  const today = todayInWib(deps.clock.now());
  const published = await deps.placements.listPublished();
  return published.filter((p) => isOpen(p, today)).map(catalogueItem);
}

export function placementNotFound(lang: Language): NotFoundError {
  return new NotFoundError(lang === 'id' ? 'Penempatan ini tidak ada atau sudah ditutup.' : 'This placement does not exist or is closed.');
}

/** The placement an application form is for; 404 when unknown or no longer open. */
export async function openPlacement(id: string, lang: Language, deps: PlacementReadDeps): Promise<CatalogueItem> {
  const placement = /^[0-9a-f-]{36}$/.test(id) ? await deps.placements.getPlacement(id) : undefined;
  if (!placement || !isOpen(placement, todayInWib(deps.clock.now()))) throw placementNotFound(lang);
  return catalogueItem(placement);
}
