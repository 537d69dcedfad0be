import { randomUUID } from 'node:crypto';
import { ConflictError, type FieldIssue, UnavailableError, ValidationError } from '../kernel/errors.js';
import type { Bilingual, Language } from '../kernel/i18n.js';
import { html, type SafeHtml } from '../kernel/pages/html.js';
import { layout } from '../kernel/pages/layout.js';
import {
  badge,
  calendarDate,
  type FormContext,
  formContext,
  hiddenInput,
  issueSummary,
  localized,
  t,
  textArea,
  textInput,
  time,
  trustedText,
} from '../kernel/pages/page-kit.js';
import { assertSameOrigin } from '../kernel/steps/link-errors.js';
import { assertPageProof, notFound, proofFor } from '../kernel/steps/step-links.js';
import { todayInWib } from '../kernel/time.js';
import { parseOrThrow } from '../kernel/validation.js';
import type { ResearchReadDeps } from './deps.js';
import {
  ACTIVITY_MAX,
  hoursText,
  isOwnEntry,
  LOGBOOK_HOURS,
  type LogbookAuthor,
  type LogbookEntry,
  type LogbookSummary,
  lastApprovalDate,
  logbookEntryFromForm,
  logbookEntryInput,
  MAX_LOGBOOK_ENTRIES_PER_DAY,
  newestFirst,
  summarizeLogbook,
  summaryLine,
} from './logbook.js';
import type { ProjectStatus } from './research.schema.js';
import { projectStatusLabels } from './research-labels.js';
import { type ProjectLink, researchUrls } from './research-links.js';
import { dataTable, milestoneStatusTable } from './research-pages.js';
import type { ProjectWithTeam } from './research-records.js';
import { milestoneView, projectOfPageLink } from './research-step-links.js';
import { jpText, projectFieldLabels, say } from './research-words.js';
import { milestoneTimeline } from './timeline.js';
import type { MilestoneView } from './views.js';

/**
 * The page behind a member's or the lead's own project link (`/projects/{token}`): who they are
 * on the project, where it stands, its milestones on a timeline and in a table, the calendar
 * feed, and the logbook: the holder's own entries and the form to add one (the lead also reads
 * the members' entries). Its use cases (the GET's view, the form's POST) come first, then the
 * page. Server-rendered, no script; every text a person typed or a record holds goes into
 * html`…` as a value and is escaped there.
 */

// ---------------------------------------------------------------------------------------------
// The page's use cases: what it shows (GET), and the logbook form's POST

/** Whose project page it is: the lead or a member, by name; a member with their JP. */
export type ProjectPageHolder = LogbookAuthor & { jpHours?: number };

/** What a member's or the lead's project page (`/projects/{token}`) shows. */
export interface ProjectPageView {
  holder: ProjectPageHolder;
  project: ProjectWithTeam;
  milestones: MilestoneView[];
  /** Today in WIB: the timeline's mark, and the latest date the form takes. */
  today: string;
  /** Only an ACTIVE project takes entries. */
  takesEntries: boolean;
  /** The holder's own entries, newest first. */
  own: LogbookEntry[];
  /** The lead's page only: every member's entries, newest first. */
  team?: LogbookEntry[];
  /** What of the holder's (the lead's: the whole team's) logbook goes to the reviewers with the next submission. */
  nextSubmission: LogbookSummary;
  /** The page's own path, without its language. */
  pagePath: string;
  /** Where the form posts, with the page's language. */
  logbookAction: string;
  /** The project's calendar feed, to subscribe to. */
  calendarUrl: string;
  /** The form's anti-forgery value. */
  proof: string;
}

/**
 * The secret a project page's anti-forgery value is made with: the link's own if it holds one,
 * else one derived from its token, which only its holder has, so no secret needs storing.
 */
const pageSecretOf = (link: ProjectLink, token: string) => link.pageSecret ?? `sinergi:project-page\n${token}`;

function holderOf(link: ProjectLink, project: ProjectWithTeam, lang: Language): ProjectPageHolder {
  const as = link.as;
  if (as.role === 'lead') return { role: 'lead', name: project.data.lead.name };
  const member = project.members.find((m) => m.number === as.member);
  // A member no longer on the team has no page.
  if (!member) throw notFound(lang);
  return { role: 'member', member: member.number, name: member.name, jpHours: member.jpHours };
}

/** The path of the holder's own page. */
const pagePath = (token: string) => `/projects/${encodeURIComponent(token)}`;

/** GET of a member's or the lead's project page: the project, its milestones, the logbook and its form. Changes nothing. */
export async function showProjectPage(token: string, lang: Language, deps: ResearchReadDeps): Promise<ProjectPageView> {
  const { link, whole } = await projectOfPageLink(token, lang, deps);
  const { project } = whole;
  const holder = holderOf(link, project, lang);
  const now = deps.clock.now();
  const entries = await deps.research.logbook(project.id);
  const own = entries.filter((entry) => isOwnEntry(entry, holder));
  const team = holder.role === 'lead' ? entries.filter((entry) => entry.by.role === 'member') : undefined;
  return {
    holder,
    project,
    milestones: whole.milestones.map((m) => milestoneView(m, now)),
    today: todayInWib(now),
    takesEntries: project.status === 'ACTIVE',
    own: newestFirst(own),
    ...(team ? { team: newestFirst(team) } : {}),
    nextSubmission: summarizeLogbook(holder.role === 'lead' ? entries : own, lastApprovalDate(whole.milestones)),
    pagePath: pagePath(token),
    logbookAction: `${pagePath(token)}/logbook?lang=${lang}`,
    calendarUrl: `${researchUrls.project(deps.config, token)}/calendar.ics${lang === 'en' ? '?lang=en' : ''}`,
    proof: proofFor({ pageSecret: pageSecretOf(link, token) }, now),
  };
}

/**
 * POST of the logbook form on a member's or the lead's project page: the origin and the page's
 * anti-forgery value checked, the project ACTIVE (else 409), the entry read (400 naming each
 * field), then written as the holder's own, at most MAX_LOGBOOK_ENTRIES_PER_DAY for one date.
 * A refusal writes nothing.
 */
export async function submitLogbookEntry(
  token: string,
  fields: Readonly<Record<string, string>>,
  ctx: { lang: Language; headers: Record<string, string> },
  deps: ResearchReadDeps,
): Promise<LogbookEntry> {
  const { lang } = ctx;
  const { link, whole } = await projectOfPageLink(token, lang, deps);
  const { project } = whole;
  assertSameOrigin(ctx.headers, deps.config.PUBLIC_BASE_URL, lang);
  assertPageProof({ pageSecret: pageSecretOf(link, token) }, fields.proof ?? '', deps.clock.now(), lang);
  const holder = holderOf(link, project, lang);
  if (project.status !== 'ACTIVE')
    throw new ConflictError(
      say(
        lang,
        'Logbook hanya dapat diisi selama proyek berjalan; proyek ini tidak sedang berjalan.',
        'The logbook takes entries only while the project is active; this project is not.',
      ),
    );
  const input = parseOrThrow(logbookEntryInput(project.data, deps.clock), logbookEntryFromForm(fields), lang);
  const entry: LogbookEntry = {
    projectId: project.id,
    id: randomUUID(),
    by: { role: holder.role, ...(holder.member === undefined ? {} : { member: holder.member }), name: holder.name },
    date: input.date,
    hours: input.hours,
    activity: input.activity,
    createdAt: deps.clock.now().toISOString(),
  };
  const added = await deps.research.addLogbookEntry(entry, MAX_LOGBOOK_ENTRIES_PER_DAY);
  if (added === 'day-full')
    throw new ValidationError(
      [
        {
          path: 'date',
          message: say(
            lang,
            `Anda sudah membuat ${MAX_LOGBOOK_ENTRIES_PER_DAY} catatan untuk tanggal ini, batas untuk satu hari. Gabungkan kegiatan dalam satu catatan.`,
            `You already made ${MAX_LOGBOOK_ENTRIES_PER_DAY} entries for this date, the most one day takes. Combine activities in one entry.`,
          ),
        },
      ],
      lang,
    );
  if (added === 'busy')
    throw new UnavailableError(
      say(
        lang,
        'Logbook Anda sedang menyimpan catatan lain untuk tanggal ini. Tidak ada yang tersimpan; coba lagi sebentar lagi.',
        'Your logbook is saving another entry for this date. Nothing was saved; please try again shortly.',
      ),
    );
  return entry;
}

// ---------------------------------------------------------------------------------------------
// The page

/** The logbook form's fields, named alike on the page and in the server's messages. */
export const logbookFieldLabels = {
  date: { id: 'Tanggal kegiatan', en: 'Date of the activity' },
  hours: { id: 'Jumlah jam', en: 'Hours' },
  activity: { id: 'Kegiatan', en: 'Activity' },
} satisfies Record<string, Bilingual>;

const words = {
  kicker: { id: 'Proyek penelitian · halaman proyek Anda', en: 'Research project · your project page' },
  title: { id: 'Halaman proyek', en: 'Project page' },
  you: { id: 'Anda', en: 'You' },
  asLead: { id: 'ketua peneliti', en: 'lead researcher' },
  asMember: { id: 'anggota', en: 'member' },
  yourJp: { id: 'JP Anda', en: 'Your JP' },
  yourJpHint: {
    id: 'dicatat setelah laporan akhir proyek disetujui',
    en: "credited once the project's final report is approved",
  },
  milestones: { id: 'Tahap penelitian', en: 'Milestones' },
  noMilestones: { id: 'Proyek ini belum memiliki tahap.', en: 'This project has no milestones yet.' },
  calendar: { id: 'Kalender tenggat', en: 'Due-date calendar' },
  calendarLead: {
    id: 'Tenggat setiap tahap tersedia sebagai kalender yang dapat Anda ikuti:',
    en: 'The due date of every milestone is available as a calendar you can subscribe to:',
  },
  calendarHow: {
    id: 'Untuk berlangganan, salin tautan ini lalu tambahkan di aplikasi kalender Anda sebagai kalender dari URL (Google Kalender: “Tambahkan kalender” → “Dari URL”; Outlook: “Tambahkan kalender” → “Berlangganan dari web”). Kalender itu memperbarui dirinya sendiri setiap hari, termasuk bila tenggat diperpanjang. Tautan ini juga pribadi.',
    en: 'To subscribe, copy this link and add it in your calendar app as a calendar from a URL (Google Calendar: “Add calendar” → “From URL”; Outlook: “Add calendar” → “Subscribe from web”). The calendar updates itself daily, also when a due date is extended. This link is private too.',
  },
  logbook: { id: 'Logbook Anda', en: 'Your logbook' },
  logbookLead: {
    id: 'Catat kegiatan Anda dalam penelitian ini: tanggal, jumlah jam, dan apa yang dikerjakan. Catatan ini milik Anda; peninjau tahap membacanya bersama pengiriman tahap berikutnya.',
    en: 'Record your work on this research: the date, the hours and what you did. The entries are your own; the milestone reviewers read them with the next submission.',
  },
  nextSubmission: { id: 'Untuk pengiriman tahap berikutnya', en: 'For the next submission' },
  teamNext: { id: 'seluruh tim', en: 'the whole team' },
  form: { id: 'Catat kegiatan', en: 'Log an activity' },
  save: { id: 'Simpan catatan', en: 'Save the entry' },
  logged: { id: 'Catatan logbook tersimpan.', en: 'The logbook entry was saved.' },
  closed: {
    id: 'Logbook hanya dapat diisi selama proyek berjalan. Catatan yang sudah ada tetap dapat dibaca di bawah.',
    en: 'The logbook takes entries only while the project is active. The entries made stay readable below.',
  },
  ownEntries: { id: 'Catatan Anda', en: 'Your entries' },
  noEntries: { id: 'Belum ada catatan.', en: 'No entries yet.' },
  teamEntries: { id: 'Logbook anggota tim', en: "The members' logbook" },
  teamEntriesLead: {
    id: 'Catatan setiap anggota ASN, terbaru lebih dahulu. Hanya untuk dibaca: setiap anggota mengisi logbooknya sendiri.',
    en: 'Each ASN member’s entries, newest first. Read-only: each member keeps their own logbook.',
  },
  noTeamEntries: { id: 'Anggota tim belum membuat catatan.', en: 'The members have made no entries yet.' },
  date: { id: 'Tanggal', en: 'Date' },
  hours: { id: 'Jam', en: 'Hours' },
  activity: logbookFieldLabels.activity,
  member: projectFieldLabels.member,
  recordedAt: { id: 'Dicatat pada', en: 'Recorded on' },
  privacy: {
    id: 'Halaman ini hanya dapat dibuka dengan tautan pribadi Anda. Jangan bagikan tautannya.',
    en: 'Only your private link opens this page. Please do not share it.',
  },
} satisfies Record<string, Bilingual>;

const hints = {
  date: {
    id: 'Hari kegiatan dikerjakan: dalam masa proyek, paling lambat hari ini.',
    en: 'The day of the work: within the project’s dates, today at the latest.',
  },
  hours: { id: 'Dari 0,5 sampai 12 jam, dalam kelipatan 0,5 (misalnya 1,5).', en: 'From 0.5 to 12 hours, in steps of 0.5 (such as 1.5).' },
  activity: { id: 'Apa yang Anda kerjakan. Paling banyak 2.000 karakter.', en: 'What you did. Up to 2,000 characters.' },
} satisfies Record<string, Bilingual>;

/** What the project's status means for the people on it. */
const statusHints: Partial<Record<ProjectStatus, Bilingual>> = {
  ACTIVE: {
    id: 'Proyek sedang berjalan. Ketua peneliti mengirim hasil setiap tahap melalui tautan yang dikirim kepadanya saat tahap itu dibuka.',
    en: 'The project is under way. The lead researcher sends the work of each milestone through the link emailed to them when it opens.',
  },
  COMPLETED: {
    id: 'Proyek selesai: laporan akhir disetujui dan JP dicatat bagi anggota ASN.',
    en: 'The project is complete: the final report was approved and the ASN members were credited their JP.',
  },
};

/** An empty cell, read the same in both languages. */
const _none = '–';

/** The holder's own entries, newest first. */
function ownTable(titleId: string, entries: readonly LogbookEntry[], lang: Language): SafeHtml {
  const rows = entries.map(
    (e) =>
      html`<tr id="log-${e.id}"><td>${calendarDate(e.date, lang)}</td><td>${hoursText(e.hours, lang)}</td><td class="prewrap">${e.activity}</td><td>${time(e.createdAt, lang)}</td></tr>`,
  );
  return dataTable(titleId, [words.date, words.hours, words.activity, words.recordedAt], rows, lang);
}

/** The members' entries, newest first, each with its author. */
function teamTable(titleId: string, entries: readonly LogbookEntry[], lang: Language): SafeHtml {
  const rows = entries.map(
    (e) =>
      html`<tr><td>${calendarDate(e.date, lang)}</td><td>${e.by.name} <span class="muted">(${t(words.member, lang)} ${e.by.member})</span></td><td>${hoursText(e.hours, lang)}</td><td class="prewrap">${e.activity}</td></tr>`,
  );
  return dataTable(titleId, [words.date, words.member, words.hours, words.activity], rows, lang);
}

/** "Anda: ketua peneliti — Dr. Sari Lestari" / "Anda: anggota — Dewi Anggraini". */
function holderLine(view: ProjectPageView, lang: Language): SafeHtml {
  const role = view.holder.role === 'lead' ? words.asLead : words.asMember;
  return html`<p class="lead" id="holder"><strong>${t(words.you, lang)}:</strong> ${t(role, lang)} — ${view.holder.name}</p>`;
}

function logbookForm(ctx: FormContext, view: ProjectPageView, issues: FieldIssue[] | undefined): SafeHtml {
  const { lang } = ctx;
  const { startDate, endDate } = view.project.data;
  // The latest date the form takes: today, or the project's last day once it is over (ISO dates sort as text).
  const latest = [view.today, endDate].sort()[0];
  const step = String(LOGBOOK_HOURS.step);
  return html`<h3 id="logbook-form-title">${t(words.form, lang)}</h3>
${issueSummary(issues, localized(logbookFieldLabels, lang), lang)}
<form method="post" action="${view.logbookAction}" aria-labelledby="logbook-form-title" novalidate>
${hiddenInput('proof', view.proof)}
${textInput(ctx, { name: 'date', label: logbookFieldLabels.date, required: true, hint: hints.date }, 'date', html` class="short" min="${startDate}" max="${latest}"`)}
${textInput(
  ctx,
  { name: 'hours', label: logbookFieldLabels.hours, required: true, hint: hints.hours },
  'number',
  html` class="short" min="${LOGBOOK_HOURS.min}" max="${LOGBOOK_HOURS.max}" step="${step}" inputmode="decimal"`,
)}
${textArea(ctx, { name: 'activity', label: logbookFieldLabels.activity, required: true, hint: hints.activity }, html` rows="5" maxlength="${ACTIVITY_MAX}"`)}
<div class="actions"><button type="submit">${trustedText(words.save, lang)}</button></div>
</form>`;
}

/**
 * A member's or the lead's project page. `values` are what the holder sent before, shown again
 * with `issues` after a 400; without them the date is today's (while within the project).
 * `notice` answers a saved entry.
 */
export function projectPage(args: {
  lang: Language;
  view: ProjectPageView;
  issues?: FieldIssue[];
  values?: Record<string, string>;
  notice?: 'logged';
}): string {
  const { lang, view } = args;
  const { project, milestones } = view;
  const { data } = project;
  const l = projectFieldLabels;
  const todayInProject = view.today >= data.startDate && view.today <= data.endDate;
  const ctx = formContext(lang, args.values ?? (todayInProject ? { date: view.today } : {}), args.issues);
  const hint = statusHints[project.status];
  const timeline =
    milestones.length > 0 &&
    milestoneTimeline({ milestones, startDate: data.startDate, endDate: data.endDate, today: view.today, lang, idPrefix: 'project-timeline' });
  const next = html`<p class="box"><strong>${t(words.nextSubmission, lang)}${view.holder.role === 'lead' && html` (${t(words.teamNext, lang)})`}:</strong> ${summaryLine(
    view.nextSubmission,
    lang,
  )}.</p>`;

  const body = html`<p class="muted">${t(words.kicker, lang)}</p>
<h1>${data.title}</h1>
${args.notice === 'logged' && html`<p class="box ok lead" role="status">${t(words.logged, lang)}</p>`}
${holderLine(view, lang)}
<dl class="facts">
<dt>${t(l.institution, lang)}</dt><dd>${project.institution}</dd>
<dt>${t(l.lead, lang)}</dt><dd>${data.lead.name}</dd>
<dt>${t(l.coReviewer, lang)}</dt><dd>${data.coReviewer.name}</dd>
<dt>${t(l.period, lang)}</dt><dd>${calendarDate(data.startDate, lang)} – ${calendarDate(data.endDate, lang)}</dd>
<dt>${t(l.status, lang)}</dt><dd>${badge(projectStatusLabels, project.status, lang)}</dd>
${view.holder.jpHours !== undefined && html`<dt>${t(words.yourJp, lang)}</dt><dd>${jpText(view.holder.jpHours)} <span class="muted">(${t(words.yourJpHint, lang)})</span></dd>\n`}</dl>
${hint && html`<p class="box">${t(hint, lang)}</p>`}
<h2 id="milestones-title">${t(words.milestones, lang)}</h2>
${timeline}
${milestones.length ? milestoneStatusTable('milestones-title', milestones, lang) : html`<p>${t(words.noMilestones, lang)}</p>`}
<h2 id="calendar-title">${t(words.calendar, lang)}</h2>
<p>${t(words.calendarLead, lang)} <a href="${view.calendarUrl}" type="text/calendar">${view.calendarUrl}</a></p>
<p class="hint">${t(words.calendarHow, lang)}</p>
<h2 id="logbook-title">${t(words.logbook, lang)}</h2>
<p>${t(words.logbookLead, lang)}</p>
${next}
${view.takesEntries ? logbookForm(ctx, view, args.issues) : html`<p class="box warn">${t(words.closed, lang)}</p>`}
<h3 id="own-entries-title">${t(words.ownEntries, lang)}</h3>
${view.own.length ? ownTable('own-entries-title', view.own, lang) : html`<p>${t(words.noEntries, lang)}</p>`}
${
  view.team &&
  html`<h2 id="team-entries-title">${t(words.teamEntries, lang)}</h2>
<p>${t(words.teamEntriesLead, lang)}</p>
${view.team.length ? teamTable('team-entries-title', view.team, lang) : html`<p>${t(words.noTeamEntries, lang)}</p>`}`
}
<p class="muted">${t(words.privacy, lang)}</p>`;
  return layout({ lang, title: `${t(words.title, lang)}: ${data.title}`, body, langSwitchPath: view.pagePath });
}
