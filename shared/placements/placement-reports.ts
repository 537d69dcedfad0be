import * as z from 'zod/mini';
import { NotFoundError } from '../kernel/errors.js';
import { requireCoordinator } from '../kernel/http/coordinators.js';
import type { Language } from '../kernel/i18n.js';
import type { AsnYearRecord, JpSource } from '../kernel/jp/jp-ledger.js';
import { JP_MINIMUM_PER_YEAR } from '../kernel/jp/jp-ledger.js';
import { invalidCursor, openCursor, pageQuery, signCursor } from '../kernel/store/cursors.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { ApplicationStatus } from './placement.schema.js';
import type { ApplicationRecord } from './placement-records.js';
import type { PlacementRepository } from './placement-repository.js';

type Claims = Record<string, unknown> | undefined;

/** The query of `GET /api/placements/{id}/applications`. */
export const ListApplicationsQuery = z.object({
  ...pageQuery,
});

/** One application in a coordinator's list. */
export interface ApplicationSummary {
  id: string;
  status: ApplicationStatus;
  nip: string;
  employmentType: string;
  name: string;
  email: string;
  unit: string;
  position: string;
  supervisor: { name: string; email: string };
  waitlistedAt?: string;
  creditedHours?: number;
  submittedAt: string;
  updatedAt: string;
}

export function toApplicationSummary(app: ApplicationRecord): ApplicationSummary {
  const { data } = app;
  return {
    id: app.id,
    status: app.status,
    nip: data.nip,
    employmentType: data.employmentType,
    name: data.name,
    email: data.email,
    unit: data.unit,
    position: data.position,
    supervisor: data.supervisor,
    ...(app.waitlistedAt ? { waitlistedAt: app.waitlistedAt } : {}),
    ...(app.creditedHours !== undefined ? { creditedHours: app.creditedHours } : {}),
    submittedAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}

export interface ReportDeps {
  placements: Pick<PlacementRepository, 'getPlacement' | 'listApplications' | 'jpYear'>;
  cursorKey: string;
}

/** `GET /api/placements/{id}/applications` for coordinators: a placement's applications, oldest first, a page at a time. */
export async function listApplications(
  request: { query: Record<string, string>; pathParams: Record<string, string>; claims?: Claims },
  lang: Language,
  deps: ReportDeps,
): Promise<{ placement: { id: string; title: string; seats: number; seatsTaken: number }; items: ApplicationSummary[]; nextCursor?: string }> {
  requireCoordinator(request.claims, lang);
  const id = request.pathParams.id ?? '';
  const query = parseOrThrow(ListApplicationsQuery, request.query, lang);
  const placement = /^[0-9a-f-]{36}$/.test(id) ? await deps.placements.getPlacement(id) : undefined;
  if (!placement) throw new NotFoundError(lang === 'id' ? 'Penempatan ini tidak ada.' : 'This placement does not exist.');
  const scope = `placement:${id}`;
  const after = query.cursor === undefined ? undefined : openCursor(deps.cursorKey, scope, query.cursor);
  if (query.cursor !== undefined && !after) throw invalidCursor(lang);
  const page = await deps.placements.listApplications(id, { limit: query.limit, after });
  const head = { id: placement.id, title: placement.data.title, seats: placement.data.seats, seatsTaken: placement.seatsTaken };
  const items = page.items.map(toApplicationSummary);
  return page.next ? { placement: head, items, nextCursor: signCursor(deps.cursorKey, scope, page.next) } : { placement: head, items };
}

/** The query of `GET /api/reports/jp`. */
export const JpReportQuery = z.object({
  year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});

/** One line of the yearly JP report. */
export interface JpReportRow {
  nip: string;
  name: string;
  unit: string;
  employmentType: string;
  /** All the JP credited in the year, whatever earned them. */
  jp: number;
  /** `jp` by what earned it: internships and research projects, adding up to `jp`. */
  jpBySource: Record<JpSource, number>;
  /** Whether the 20 JP a year every PNS is owed has been reached. */
  reachedMinimum: boolean;
}

/**
 * The JP tally of a year, by NIP: what the yearly records hold, in NIP order. A record's `jp` is
 * the total and its `jpResearch` the part research credits added to it (absent on a record that
 * has none), so the internships' part is the rest.
 */
export function tallyJp(records: readonly AsnYearRecord[]): JpReportRow[] {
  return records
    .map((r) => {
      const jp = r.jp ?? 0;
      const research = r.jpResearch ?? 0;
      return {
        nip: r.nip,
        name: r.name,
        unit: r.unit,
        employmentType: r.employmentType,
        jp,
        jpBySource: { internship: jp - research, research },
        reachedMinimum: jp >= JP_MINIMUM_PER_YEAR,
      };
    })
    .sort((a, b) => a.nip.localeCompare(b.nip));
}

/** One CSV field: quoted when it holds a separator, a quote or a line break; a leading formula character is defused. */
function csvField(value: string | number | boolean): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The report as CSV that spreadsheets open cleanly: UTF-8 with a byte-order mark (so accented
 * names survive), a header row, CRLF line ends, and RFC 4180 quoting. Text that a spreadsheet
 * would run as a formula is defused with a leading apostrophe. The total `jp` is followed by its
 * two parts, from internships and from research projects.
 */
export function jpReportCsv(year: number, rows: readonly JpReportRow[]): string {
  const header = ['nip', 'name', 'unit', 'employment_type', 'year', 'jp', 'jp_internship', 'jp_research', 'reached_20_jp'];
  const lines = rows.map((r) =>
    [r.nip, r.name, r.unit, r.employmentType, year, r.jp, r.jpBySource.internship, r.jpBySource.research, r.reachedMinimum ? 'yes' : 'no']
      .map(csvField)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** `GET /api/reports/jp?year=&format=` for coordinators. */
export async function jpReport(
  request: { query: Record<string, string>; claims?: Claims },
  lang: Language,
  deps: Pick<ReportDeps, 'placements'>,
): Promise<{ format: 'json'; body: { year: number; minimum: number; items: JpReportRow[] } } | { format: 'csv'; year: number; body: string }> {
  requireCoordinator(request.claims, lang);
  const query = parseOrThrow(JpReportQuery, request.query, lang);
  const rows = tallyJp(await deps.placements.jpYear(query.year));
  if (query.format === 'csv') return { format: 'csv', year: query.year, body: jpReportCsv(query.year, rows) };
  return { format: 'json', body: { year: query.year, minimum: JP_MINIMUM_PER_YEAR, items: rows } };
}
