import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/chromium.js';
import { linkIn, waitForMail } from '../support/inbox.js';
import { escapeRegExp, mailAbout, wibDate } from '../support/placements.js';
import { aMember, anActiveProject, aProject, aResearchPartner } from '../support/research.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

/** The workflow runs on its own: mails arrive a moment after the decision that sends them. */
const WORKFLOW_DEADLINE_MS = 30_000;

const unique = Math.random().toString(36).slice(2, 8);
const member = aMember();
/**
 * A project starting today whose plan is due in 20 days: within the 30 days before its due
 * date, it opens as soon as the project is approved, and the lead is mailed its link.
 */
const project = aProject({
  members: [member],
  startDate: wibDate(0),
  endDate: wibDate(210),
  milestones: [
    { kind: 'plan', title: `Rencana kerja lapangan ${unique}`, dueDate: wibDate(20), review: 'all' },
    { kind: 'progress', title: `Laporan kemajuan ${unique}`, dueDate: wibDate(120), review: 'all' },
    { kind: 'final', title: `Laporan akhir ${unique}`, dueDate: wibDate(200), review: 'any' },
  ],
});
const plan = project.milestones[0]!;
const summary = `Instrumen survei dan jadwal wawancara disusun ${unique}.\nUji coba di dua kelurahan.`;
const activity = `Uji coba kuesioner di Kelurahan Kepatihan ${unique}`;

/** The control a field's label names: labels end with "(wajib)", so the label is matched whole. */
function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${escapeRegExp(label)}(?: \\(wajib\\))?$`));
}

/** Clicks a submit button and returns the answer to the POST it made (after a 303, the page it led to has loaded). */
async function submitBy(page: Page, buttonName: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

async function expectIndonesianWithoutScript(page: Page): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('id');
  // A string, since the tests are compiled without the DOM's types.
  expect(await page.evaluate<number>('document.scripts.length')).toBe(0);
}

describe('a research milestone and the logbook in a real browser, in Indonesian', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let milestoneLink: string;
  let memberLink: string;

  beforeAll(async () => {
    const partner = await aResearchPartner(apiUrl, sesUrl);
    await anActiveProject(sesUrl, partner.partnerUrl, project);
    const opened = await waitForMail(sesUrl, project.lead.email, new RegExp(`Tahap dibuka.*${escapeRegExp(plan.title)}`), { timeoutMs: WORKFLOW_DEADLINE_MS });
    milestoneLink = linkIn(opened, 'milestones');
    const approved = await mailAbout(sesUrl, member.email, project.title, {
      subject: new RegExp(`Proyek penelitian disetujui.*${escapeRegExp(project.title)}`),
      timeoutMs: WORKFLOW_DEADLINE_MS,
    });
    memberLink = linkIn(approved, 'projects');
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the lead keep a draft of the milestone, find it again, and send it', async () => {
    expect((await page.goto(milestoneLink))?.status()).toBe(200);
    await expectIndonesianWithoutScript(page);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Tahap 1: ${escapeRegExp(plan.title)}`) }).waitFor();

    await field(page, 'Ringkasan pekerjaan tahap ini').fill(summary);
    const kept = await submitBy(page, 'Simpan draf');
    expect(kept.status()).toBe(303);
    expect(page.url()).toBe(`${milestoneLink}?notice=draft-saved`);
    expect(await page.getByRole('status').innerText()).toContain('Draf tersimpan');

    // Reloaded, the page brings the draft back from the server.
    expect((await page.reload())?.status()).toBe(200);
    expect(await field(page, 'Ringkasan pekerjaan tahap ini').inputValue()).toBe(summary);
    expect(await page.locator('main').innerText()).toContain('Draf ini belum dikirim.');

    const sent = await submitBy(page, 'Kirim tahap');
    expect(sent.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Tahap terkirim' }).waitFor();
    await expectIndonesianWithoutScript(page);
    expect(await page.locator('main').innerText()).toContain(plan.title);
  });

  it('lets a member add a logbook entry on their project page and see it listed', async () => {
    expect((await page.goto(memberLink))?.status()).toBe(200);
    await expectIndonesianWithoutScript(page);
    expect(await page.locator('#holder').innerText()).toBe(`Anda: anggota — ${member.name}`);
    // The form offers today, the latest date it takes.
    expect(await field(page, 'Tanggal kegiatan').inputValue()).toBe(wibDate(0));

    await field(page, 'Jumlah jam').fill('2.5');
    await field(page, 'Kegiatan').fill(activity);
    const saved = await submitBy(page, 'Simpan catatan');
    expect(saved.status()).toBe(303);
    expect(page.url()).toBe(`${memberLink}?notice=logged`);
    expect(await page.getByRole('status').innerText()).toBe('Catatan logbook tersimpan.');

    const own = page.getByRole('table', { name: 'Catatan Anda' });
    const row = own.getByRole('row').filter({ hasText: activity });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('2,5 jam');
    // The form is empty again for the next entry.
    expect(await field(page, 'Kegiatan').inputValue()).toBe('');
  });
});
