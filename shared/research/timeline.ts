import type { Language } from '../kernel/i18n.js';
import { html, join, type SafeHtml } from '../kernel/pages/html.js';
import { badge, calendarDate, t } from '../kernel/pages/page-kit.js';
import { formatDate } from '../kernel/time.js';
import type { MilestoneStatus } from './research.schema.js';
import { milestoneKindLabels } from './research.schema.js';
import { milestoneStatusLabels, overdueLabel } from './research-labels.js';
import { projectFieldLabels, say } from './research-words.js';
import type { MilestoneView } from './views.js';

/**
 * The milestone timeline of the member's project page and the tracking page: an SVG drawing of
 * the project's span, today and each due date, and the same facts as an ordered list for those
 * who do not see the drawing. Server-rendered, no script. A marker's status is told by its
 * shape and its number, never by colour alone, and the list beside each milestone shows the
 * same shape as its key.
 */

/** How the drawing tells statuses apart: four shapes, not four colours. */
export type MarkerShape = 'approved' | 'active' | 'planned' | 'not-accepted';

/** Which shape a status is drawn as: everything between opening and the decision is one "in progress" shape. */
export const markerShapes: Record<MilestoneStatus, MarkerShape> = {
  PLANNED: 'planned',
  OPEN: 'active',
  SUBMITTED: 'active',
  IN_REVIEW: 'active',
  REVISION_REQUESTED: 'active',
  APPROVED: 'approved',
  NOT_ACCEPTED: 'not-accepted',
};

const words = {
  title: { id: 'Lini masa tahap proyek', en: 'Project milestone timeline' },
  today: { id: 'Hari ini', en: 'Today' },
  due: { id: 'Tenggat', en: 'Due' },
  listBelow: { id: 'Rinciannya ada dalam daftar di bawah.', en: 'The list below gives the details.' },
} as const;

// The drawing's own units; the SVG scales to the width of the page.
const WIDTH = 720;
const HEIGHT = 124;
const LEFT = 28;
const RIGHT = WIDTH - 28;
const AXIS_Y = 58;
const LABEL_Y = 36;
const LABEL_STEP = 12;
/** Number labels closer than this are staggered upwards so they stay legible. */
const LABEL_GAP = 18;
const LABEL_LEVELS = 3;
const DAY_MS = 86_400_000;

const ink = '#1b1f24';
const colours: Record<MarkerShape, string> = { approved: '#15532a', active: '#0b5cad', planned: '#5a6570', 'not-accepted': '#8a1116' };
const overdueColour = '#b00020';

/** Days since the epoch of a calendar date, refusing one that does not exist (JavaScript would roll 30 February over). */
function dayNumber(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate)
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${isoDate}`);
  return ms / DAY_MS;
}

/** A coordinate as the SVG is given it: one decimal is finer than any screen shows. */
const coordinate = (n: number) => Math.round(n * 10) / 10;

/** The marker of one shape, drawn around (0, 0). */
function markerShape(shape: MarkerShape): SafeHtml {
  const colour = colours[shape];
  switch (shape) {
    case 'approved':
      return html`<circle r="8" fill="${colour}"/><path d="M-4,0 L-1,3.5 L4.5,-3.5" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`;
    case 'active':
      return html`<path d="M0,-9 L9,0 L0,9 L-9,0 Z" fill="#fff" stroke="${colour}" stroke-width="2.5"/><circle r="3" fill="${colour}"/>`;
    case 'planned':
      return html`<circle r="7" fill="#fff" stroke="${colour}" stroke-width="2.5"/>`;
    case 'not-accepted':
      return html`<rect x="-7.5" y="-7.5" width="15" height="15" fill="${colour}"/><path d="M-3.5,-3.5 L3.5,3.5 M3.5,-3.5 L-3.5,3.5" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>`;
  }
}

/**
 * The overdue mark: a warning triangle with "!" under the marker, and a broken ring around it.
 * Drawn when asked, so a bundle that imports this module without drawing keeps none of it.
 */
const overdueShape = () =>
  html`<circle r="12.5" fill="none" stroke="${overdueColour}" stroke-width="1.8" stroke-dasharray="3 2"/><g transform="translate(0,22)"><path d="M0,-6.5 L6.5,5 L-6.5,5 Z" fill="${overdueColour}"/><text y="3.6" text-anchor="middle" font-size="8" font-weight="700" fill="#fff">!</text></g>`;

/** The marker as the list's key, so a reader sees which shape is which status. */
function markerKey(milestone: MilestoneView): SafeHtml {
  return html`<svg class="marker-key" width="1.1em" height="1.1em" viewBox="-10 -10 20 20" aria-hidden="true" focusable="false">${markerShape(markerShapes[milestone.status])}</svg>`;
}

/** What a marker is, in words: its tooltip in the drawing, the same words as its list item. */
function markerLabel(milestone: MilestoneView, lang: Language): string {
  const status = [milestoneStatusLabels[milestone.status][lang], milestone.overdue && overdueLabel[lang]].filter(Boolean).join(', ');
  return `${milestone.number}. ${milestone.title} — ${t(words.due, lang)} ${formatDate(milestone.dueDate, lang)} — ${status}`;
}

export interface MilestoneTimelineInput {
  milestones: MilestoneView[];
  /** The project's first and last days (WIB calendar dates). */
  startDate: string;
  endDate: string;
  /** Today in WIB (`todayInWib`): marked only while the project runs. */
  today: string;
  lang: Language;
  /** Starts the drawing's ids, so two timelines on one page keep theirs apart. */
  idPrefix?: string;
}

/**
 * The timeline: an SVG with its own title and description, then the ordered list of the
 * milestones. Positions are proportional to the dates: the project's first day at the left
 * end, its last at the right; a project of one day has everything at the middle.
 */
export function milestoneTimeline(input: MilestoneTimelineInput): SafeHtml {
  const { lang } = input;
  const prefix = (input.idPrefix ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'timeline';
  const start = dayNumber(input.startDate);
  const end = dayNumber(input.endDate);
  if (end < start) throw new RangeError(`The project ends (${input.endDate}) before it starts (${input.startDate})`);
  const today = dayNumber(input.today);
  const milestones = [...input.milestones].sort((a, b) => a.number - b.number);

  // A due date outside the project's dates should not exist; it is drawn at the nearer end rather than off the drawing.
  const xOf = (day: number) =>
    coordinate(end === start ? (LEFT + RIGHT) / 2 : LEFT + ((Math.min(Math.max(day, start), end) - start) / (end - start)) * (RIGHT - LEFT));

  let previousX = Number.NEGATIVE_INFINITY;
  let level = 0;
  const markers = milestones.map((milestone) => {
    const x = xOf(dayNumber(milestone.dueDate));
    level = x - previousX < LABEL_GAP ? (level + 1) % LABEL_LEVELS : 0;
    previousX = x;
    const shape = markerShapes[milestone.status];
    return html`<g class="milestone ${shape}${milestone.overdue ? ' overdue' : ''}" data-milestone="${milestone.number}" data-due="${milestone.dueDate}" transform="translate(${x},${AXIS_Y})"><title>${markerLabel(milestone, lang)}</title>${milestone.overdue && overdueShape()}${markerShape(shape)}<text y="${LABEL_Y - AXIS_Y - level * LABEL_STEP}" text-anchor="middle" font-size="12" font-weight="700" fill="${ink}">${milestone.number}</text></g>`;
  });

  const inSpan = today >= start && today <= end;
  const todayX = xOf(today);
  const todayAnchor = todayX - LEFT < 40 ? 'start' : RIGHT - todayX < 40 ? 'end' : 'middle';
  const todayMarker =
    inSpan &&
    html`<g class="today" data-date="${input.today}"><line x1="${todayX}" y1="${AXIS_Y - 30}" x2="${todayX}" y2="${AXIS_Y + 34}" stroke="${ink}" stroke-width="2" stroke-dasharray="4 3"/><text x="${todayX}" y="${AXIS_Y + 48}" text-anchor="${todayAnchor}" font-size="12" fill="${ink}">${t(words.today, lang)}</text></g>`;
  // The part of the span already behind today, drawn thicker, so progress reads without colour.
  const elapsed =
    today > start &&
    html`<line class="elapsed" x1="${LEFT}" y1="${AXIS_Y}" x2="${inSpan ? todayX : RIGHT}" y2="${AXIS_Y}" stroke="${ink}" stroke-width="5" stroke-linecap="round"/>`;

  const overdue = milestones.filter((m) => m.overdue).length;
  const approved = milestones.filter((m) => m.status === 'APPROVED').length;
  const description = [
    say(
      lang,
      `Proyek berlangsung dari ${formatDate(input.startDate, lang)} sampai ${formatDate(input.endDate, lang)}, dengan ${milestones.length} tahap: ${approved} disetujui, ${overdue} terlambat.`,
      `The project runs from ${formatDate(input.startDate, lang)} to ${formatDate(input.endDate, lang)}, with ${milestones.length} milestone${milestones.length === 1 ? '' : 's'}: ${approved} approved, ${overdue} overdue.`,
    ),
    inSpan && `${t(words.today, lang)}: ${formatDate(input.today, lang)}.`,
    t(words.listBelow, lang),
  ]
    .filter(Boolean)
    .join(' ');

  const svg = html`<svg class="timeline" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" focusable="false">
<title id="${prefix}-title">${t(words.title, lang)}</title>
<desc id="${prefix}-desc">${description}</desc>
<line class="span" x1="${LEFT}" y1="${AXIS_Y}" x2="${RIGHT}" y2="${AXIS_Y}" stroke="#5a6570" stroke-width="2" stroke-linecap="round"/>
<path d="M${LEFT},${AXIS_Y - 8} V${AXIS_Y + 8} M${RIGHT},${AXIS_Y - 8} V${AXIS_Y + 8}" stroke="#5a6570" stroke-width="2"/>
${elapsed}
<text x="${LEFT - 8}" y="${HEIGHT - 6}" font-size="12" fill="${ink}">${formatDate(input.startDate, lang)}</text>
<text x="${RIGHT + 8}" y="${HEIGHT - 6}" text-anchor="end" font-size="12" fill="${ink}">${formatDate(input.endDate, lang)}</text>
${todayMarker}
${join(markers, '\n')}
</svg>`;

  const items = milestones.map((milestone) => {
    const extended = milestone.extensions
      .filter((e) => e.status === 'APPROVED')
      .map(
        (e) =>
          html`${say(lang, 'diperpanjang dari', 'extended from')} ${calendarDate(e.previousDueDate, lang)} ${say(lang, 'ke', 'to')} ${calendarDate(e.newDueDate, lang)}`,
      );
    return html`<li id="${prefix}-m${milestone.number}" class="${markerShapes[milestone.status]}${milestone.overdue ? ' overdue' : ''}">${markerKey(milestone)} <strong>${t(projectFieldLabels.milestone, lang)} ${milestone.number}: ${milestone.title}</strong> <span class="muted">(${t(milestoneKindLabels[milestone.kind], lang)})</span><br>${t(words.due, lang)} ${calendarDate(milestone.dueDate, lang)} · ${badge(milestoneStatusLabels, milestone.status, lang)}${milestone.overdue && html` <strong class="badge overdue">${t(overdueLabel, lang)}</strong>`}${milestone.round > 1 && html` · ${t(projectFieldLabels.round, lang)} ${milestone.round}`}${extended.length > 0 && html`<br>${join(extended, '; ')}`}</li>`;
  });

  return html`<div class="milestone-timeline">
${svg}
<ol class="timeline-list" style="list-style:none;padding-left:0">
${join(items, '\n')}
</ol>
</div>`;
}
