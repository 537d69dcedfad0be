import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProjectInput } from '../../shared/research/research.schema.js';
import { postForm, proofIn } from '../support/api.js';
import { linkIn } from '../support/inbox.js';
import { act, coordinatorEmail, escapeRegExp, inboxSize, mailAbout } from '../support/placements.js';
import { aMember, aProject, aResearchPartner, trackProject, untilProjectStatus } from '../support/research.js';

/**
 * The research project forms on the local cloud, as a partner without JavaScript uses them: the
 * partner page's project form (its row buttons, its messages, the proposal), and the plan's
 * revision through the link the coordinator's request mails to the partner.
 */

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

let partner: { partnerUrl: string; contact: string; institution: string };
beforeAll(async () => {
  partner = await aResearchPartner(apiUrl, sesUrl);
});

/** The project's fields as the form posts them: the project's, then a row per member and per milestone. */
function projectFields(project: ProjectInput, options: { members?: boolean } = {}): Record<string, string> {
  const fields: Record<string, string> = {
    title: project.title,
    summary: project.summary,
    objectives: project.objectives,
    'lead.name': project.lead.name,
    'lead.email': project.lead.email,
    'coReviewer.name': project.coReviewer.name,
    'coReviewer.email': project.coReviewer.email,
    startDate: project.startDate,
    endDate: project.endDate,
    language: project.language,
  };
  if (options.members !== false)
    project.members.forEach((m, i) => {
      const row = { ...m, 'supervisor.name': m.supervisor.name, 'supervisor.email': m.supervisor.email, jpHours: String(m.jpHours) } as Record<string, unknown>;
      for (const name of ['nip', 'employmentType', 'name', 'email', 'unit', 'position', 'supervisor.name', 'supervisor.email', 'jpHours'])
        fields[`members[${i}].${name}`] = String(row[name]);
    });
  project.milestones.forEach((m, i) => {
    for (const name of ['kind', 'title', 'dueDate', 'review'] as const) fields[`milestones[${i}].${name}`] = m[name];
  });
  return fields;
}

const formOf = (partnerUrl: string) => `${partnerUrl}/projects`;
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The tracking link the partner page lists for the project titled `title`. */
function trackingLinkOn(page: string, title: string): string {
  const match = new RegExp(`<a href="([^"]+/track/[^"]+)">${escapeRegExp(escapeHtml(title))}</a>`).exec(page);
  if (!match) throw new Error(`The partner page lists no project titled ${title}`);
  return match[1]!;
}

describe('the partner page’s project form', () => {
  it('proposes a project without JavaScript: a 303 back to the page, which lists it with its tracking link', async () => {
    const page = await fetch(partner.partnerUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="${new URL(formOf(partner.partnerUrl)).pathname}?lang=id"`);

    const project = aProject({ members: [aMember(), aMember({ jpHours: 12 })] });
    const res = await postForm(formOf(partner.partnerUrl), projectFields(project));
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe(`${partner.partnerUrl}?notice=proposed`);

    const after = await (await fetch(res.headers.get('location')!)).text();
    expect(after).toContain('Proyek penelitian sudah diajukan.');
    const view = await trackProject(trackingLinkOn(after, project.title));
    expect(view.title).toBe(project.title);
    expect(view.members.map((m) => m.jpHours)).toEqual([30, 12]);
    expect(view.milestones.map((m) => m.kind)).toEqual(['plan', 'progress', 'final']);
  });

  it('adds a member row when its button is pressed, keeping what was typed and storing nothing', async () => {
    const project = aProject();
    const res = await postForm(formOf(partner.partnerUrl), { ...projectFields(project), more: 'member' });

    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<legend>Anggota 2</legend>');
    expect(html).toContain('name="members[1].nip"');
    expect(html).toContain(`value="${escapeHtml(project.members[0]!.name)}"`);
    expect(html).toContain(`value="${escapeHtml(project.title)}"`);
    expect(() => trackingLinkOn(html, project.title)).toThrow();
  });

  it('answers a bad form with 400: the messages beside their fields, and every value kept', async () => {
    const project = aProject({ members: [aMember({ jpHours: 999 })] });
    const fields = {
      ...projectFields(project),
      title: '',
      'milestones[3].kind': '',
      'milestones[3].title': '',
      'milestones[3].dueDate': '',
      'milestones[3].review': '',
    };
    const res = await postForm(`${formOf(partner.partnerUrl)}?lang=en`, fields);

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Please check the following');
    expect(html).toContain('<p class="error" id="f-title-error">This field is required.</p>');
    expect(html).toContain('<p class="error" id="f-members-0-jpHours-error">Must be at most 60.</p>');
    expect(html).toContain('<a href="#f-members-0-jpHours">Member 1: Lesson hours (JP)</a>');
    expect(html).toContain('value="999"');
    expect(html).toContain(`value="${escapeHtml(project.members[0]!.email)}"`);
    expect(html).toContain(`>${escapeHtml(project.summary)}</textarea>`);
    expect(html).toContain('<legend>Milestone 4</legend>');
    expect(html).toMatch(/<input type="text" id="f-title" name="title"[^>]* value=""/);
  });
});

describe('a plan sent back for revision', () => {
  it('is revised through the link mailed to the partner, reviewed again in round 2, and the project runs with the new plan', async () => {
    const project = aProject();
    const created = await postForm(formOf(partner.partnerUrl), projectFields(project));
    expect(created.status).toBe(303);
    const trackingUrl = trackingLinkOn(await (await fetch(partner.partnerUrl)).text(), project.title);

    // The supervisor consents; the coordinator asks for a revision, with a reason.
    const consent = await mailAbout(sesUrl, project.members[0]!.supervisor.email, project.title);
    expect((await act(linkIn(consent, 'decide'), 'approve')).status).toBe(200);
    const review = await mailAbout(sesUrl, coordinatorEmail, project.title, { timeoutMs: 30_000 });
    const before = await inboxSize(sesUrl);
    const comment = 'Perjelas metode survei dan gabungkan laporan kemajuan ke laporan akhir.';
    expect((await act(linkIn(review, 'decide'), 'revise' as never, { comment })).status).toBe(200);
    await untilProjectStatus(trackingUrl, 'REVISION_REQUESTED');

    // The partner is mailed the edit link, and its page shows the coordinator's note.
    const asked = await mailAbout(sesUrl, partner.contact, project.title, { after: before, timeoutMs: 30_000, subject: /perlu perbaikan|revision requested/i });
    const editLink = linkIn(asked, 'projects/edit');
    const page = await fetch(editLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(comment);
    expect(html).not.toContain('name="members[0].nip"');
    expect(html).toContain(escapeHtml(project.members[0]!.name));

    // The revision: a new title, and the progress report dropped.
    const revised = { ...project, title: `${project.title} (revisi)`, milestones: [project.milestones[0]!, project.milestones[2]!] };
    const beforeResubmit = await inboxSize(sesUrl);
    const sent = await postForm(editLink, { ...projectFields(revised, { members: false }), proof: proofIn(html) });
    expect(sent.status, await sent.clone().text()).toBe(200);
    const answer = await sent.text();
    expect(answer).toContain('Revisi terkirim');
    expect(answer).toContain(`href="${escapeHtml(trackingUrl)}"`);

    // The link is spent; the coordinator is asked again, in round 2, and approves.
    expect((await fetch(editLink)).status).toBe(409);
    const again = await mailAbout(sesUrl, coordinatorEmail, revised.title, { after: beforeResubmit, timeoutMs: 30_000 });
    const reviewPage = await (await fetch(linkIn(again, 'decide'))).text();
    expect(reviewPage).toMatch(/<dt>Putaran peninjauan<\/dt><dd>2/);
    expect((await act(linkIn(again, 'decide'), 'approve')).status).toBe(200);

    const active = await untilProjectStatus(trackingUrl, 'ACTIVE');
    expect(active.title).toBe(revised.title);
    expect(active.round).toBe(2);
    expect(active.milestones.map((m) => [m.number, m.kind, m.title, m.status])).toEqual([
      [1, 'plan', project.milestones[0]!.title, 'PLANNED'],
      [2, 'final', project.milestones[2]!.title, 'PLANNED'],
    ]);
    expect(active.members.map((m) => m.consent)).toEqual(['AGREED']);
    expect(active.history.map((e) => e.type)).toEqual(expect.arrayContaining(['revision-requested', 'resubmitted', 'approved']));
  });
});
