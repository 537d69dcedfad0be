import ICAL from 'ical.js';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { postForm, proofIn } from '../support/api.js';
import { linkIn } from '../support/inbox.js';
import { escapeRegExp, mailAbout, wibDate } from '../support/placements.js';
import { aMember, anActiveProject, aProject, aResearchPartner } from '../support/research.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

const unique = () => Math.random().toString(36).slice(2, 8);

/** The private project page link the approval mail gives `to`. */
async function projectLinkOf(to: string, title: string): Promise<string> {
  const mail = await mailAbout(sesUrl, to, title, {
    subject: new RegExp(`(Proyek penelitian disetujui|Research project approved).*${escapeRegExp(title)}`),
    timeoutMs: 30_000,
  });
  return linkIn(mail, 'projects');
}

async function pageAt(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status, `GET ${url}`).toBe(200);
  return res.text();
}

/** Fills the logbook form of the page at `link` and sends it, as the holder's browser would. */
async function logEntry(link: string, fields: Record<string, string>, lang?: 'en'): Promise<Response> {
  const page = await pageAt(lang ? `${link}?lang=en` : link);
  return postForm(`${link}/logbook${lang ? '?lang=en' : ''}`, { proof: proofIn(page), ...fields });
}

/** How many of the holder's own entries the page lists. */
const ownEntries = (page: string) => (page.match(/<tr id="log-/g) ?? []).length;

describe('the logbook on the project pages', () => {
  // The project starts today, so today is a date the logbook takes.
  const members = [aMember(), aMember()];
  const project = aProject({ members, startDate: wibDate(0), endDate: wibDate(210) });
  const activity = `Wawancara petugas loket MPP <b>${unique()}</b> & warga`;
  let leadLink: string;
  let memberLink: string;
  let otherMemberLink: string;

  beforeAll(async () => {
    const partner = await aResearchPartner(apiUrl, sesUrl);
    await anActiveProject(sesUrl, partner.partnerUrl, project);
    [leadLink, memberLink, otherMemberLink] = await Promise.all([
      projectLinkOf(project.lead.email, project.title),
      projectLinkOf(members[0]!.email, project.title),
      projectLinkOf(members[1]!.email, project.title),
    ]);
  });

  it('shows each holder who they are on the project, with its timeline', async () => {
    expect(await pageAt(leadLink)).toContain('<strong>Anda:</strong> ketua peneliti —');
    const page = await pageAt(memberLink);
    expect(page).toContain(`<strong>Anda:</strong> anggota — ${members[0]!.name}`);
    expect(page).toContain('<svg class="timeline" role="img"');
    for (const milestone of project.milestones) expect(page).toContain(milestone.title);
  });

  it('takes a member’s entry through the form and shows it on their page, once', async () => {
    const sent = await logEntry(memberLink, { date: wibDate(0), hours: '1,5', activity });

    expect(sent.status).toBe(303);
    const location = sent.headers.get('location') ?? '';
    expect(location).toBe(`${memberLink}?notice=logged`);
    const page = await pageAt(location);
    expect(page).toContain('Catatan logbook tersimpan.');
    expect(page).toContain('Wawancara petugas loket MPP &lt;b&gt;');
    expect(page).toContain('1,5 jam');
    expect(ownEntries(page)).toBe(1);
  });

  it('answers a bad entry with the page again, 400, each field’s message and what was typed, and stores nothing', async () => {
    const refused = await logEntry(memberLink, { date: wibDate(1), hours: '13', activity: '   ' });

    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('Tanggal tidak boleh setelah hari ini');
    expect(page).toContain('Jumlah jam harus antara 0,5 dan 12.');
    expect(page).toMatch(/id="f-activity"[^>]*aria-invalid="true"/);
    expect(page).toContain(`value="${wibDate(1)}"`);
    expect(page).toContain('value="13"');
    expect(ownEntries(await pageAt(memberLink))).toBe(1);
  });

  it('keeps the page’s language through the form', async () => {
    const sent = await logEntry(memberLink, { date: wibDate(0), hours: '0.5', activity: 'Rapat tim.' }, 'en');
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`${memberLink}?notice=logged&lang=en`);
    const page = await pageAt(sent.headers.get('location') ?? '');
    expect(page).toContain('The logbook entry was saved.');
    expect(ownEntries(page)).toBe(2);

    const refused = await logEntry(memberLink, { date: wibDate(0), hours: '1,25', activity: 'Rapat.' }, 'en');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Give the hours in steps of 0.5 (such as 1.5).');
  });

  it('refuses a post that did not come from the page', async () => {
    const page = await pageAt(memberLink);
    const forged = await postForm(
      `${memberLink}/logbook`,
      { proof: proofIn(page), date: wibDate(0), hours: '1', activity: 'Palsu.' },
      { origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    const stale = await postForm(`${memberLink}/logbook`, {
      proof: '1000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      date: wibDate(0),
      hours: '1',
      activity: 'Basi.',
    });
    expect(stale.status).toBe(403);
    expect(ownEntries(await pageAt(memberLink))).toBe(2);
  });

  it('keeps a member’s entries from the other members, and shows them to the lead', async () => {
    const other = await pageAt(otherMemberLink);
    expect(other).not.toContain('Wawancara petugas loket MPP');
    expect(ownEntries(other)).toBe(0);

    const lead = await pageAt(leadLink);
    expect(ownEntries(lead)).toBe(0);
    const team = lead.slice(lead.indexOf('id="team-entries-title"'));
    expect(team).toContain('Wawancara petugas loket MPP &lt;b&gt;');
    expect(team).toContain(members[0]!.name);
  });

  it('answers 404 on the logbook of a token that opens no project page', async () => {
    const res = await postForm(`${apiUrl}/projects/${'A'.repeat(43)}/logbook`, { proof: 'x', date: wibDate(0), hours: '1', activity: 'x' });
    expect(res.status).toBe(404);
  });

  it('serves a member’s calendar feed as iCalendar, one event per milestone on its due date', async () => {
    const res = await fetch(`${memberLink}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(project.milestones.length);
    const starts = events.map((event) => {
      const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
      return { isDate: start.isDate, date: start.toString(), summary: event.getFirstPropertyValue('summary') };
    });
    expect(starts).toEqual(project.milestones.map((m) => ({ isDate: true, date: m.dueDate, summary: `Tenggat: ${m.title}` })));
  });
});
