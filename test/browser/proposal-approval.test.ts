import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { confirmationMail, eventually, track } from '../support/api.js';
import { expectScannerConfirmsNothing, pressFirstButton, submitterBox } from '../support/browser-pages.js';
import { launchBrowser } from '../support/chromium.js';
import { linkIn, mails, waitForMail } from '../support/inbox.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');
const coordinator = 'koordinator@bkpsdm.surakarta.go.id';
const head = 'kepala@bkpsdm.surakarta.go.id';

/** The workflow runs on its own: mails and statuses arrive a moment after the click. */
const WORKFLOW_DEADLINE_MS = 30_000;

const unique = Math.random().toString(36).slice(2, 8);
const proposal = {
  institution: 'Universitas Sebelas Maret',
  contactName: 'Dr. Rina Wulandari',
  contactEmail: `rina.${unique}@uns.example`,
  title: `Pelatihan layanan publik digital ${unique}`,
  summary: 'Pelatihan layanan publik digital bagi ASN Kota Surakarta.\nDengan penelitian bersama.',
  startDate: '2027-03-01',
  durationMonths: '12',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const aboutThisProposal = new RegExp(escapeRegExp(proposal.title));

/** Fills the proposal form by its labels, as a person reads them. */
async function fillProposalForm(page: Page, contactEmail: string): Promise<void> {
  await page.getByLabel('Nama institusi').fill(proposal.institution);
  await page.getByLabel('Jenis institusi').selectOption('university');
  await page.getByLabel('Nama narahubung').fill(proposal.contactName);
  await page.getByLabel('Email narahubung').fill(contactEmail);
  await page.getByLabel('Judul usulan').fill(proposal.title);
  await page.getByLabel('Ringkasan').fill(proposal.summary);
  await page.getByLabel('Penelitian').check();
  await page.getByLabel('Pelatihan').check();
  await page.getByLabel('Tanggal mulai').fill(proposal.startDate);
  await page.getByLabel('Jangka waktu').fill(proposal.durationMonths);
  await page.getByLabel('Bahasa untuk email').selectOption('id');
}

/** Clicks a submit button and returns the answer to the POST it made. */
async function submitBy(page: Page, buttonName: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

/**
 * Chooses "Setujui" on an open decision page and sends it. A refusal shows the headers the
 * browser itself sent, since the server decides on its Origin and Sec-Fetch-Site.
 */
async function approveOnPage(page: Page): Promise<{ origin?: string; fetchSite?: string }> {
  await page.getByRole('radio', { name: 'Setujui', exact: true }).check();
  const response = await submitBy(page, 'Kirim keputusan');
  const sent = await response.request().allHeaders();
  if (response.status() !== 200) throw new Error(`The decision was answered ${response.status()}; the browser sent ${JSON.stringify(sent)}`);
  await page.getByRole('heading', { level: 1, name: 'Keputusan tercatat' }).waitFor();
  return { origin: sent.origin, fetchSite: sent['sec-fetch-site'] };
}

async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

describe('a partnership proposal approved in a real browser, in Indonesian', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let screenshots: string;
  let trackingUrl: string;
  let confirmLink: string;
  let coordinatorLink: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID' });
    page = await context.newPage();
    screenshots = await mkdtemp(join(tmpdir(), 'sinergi-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (screenshots) await rm(screenshots, { recursive: true, force: true });
  });

  it('shows the form in Indonesian and keeps every value when the email is wrong', async () => {
    const form = await page.goto(`${apiUrl}/proposals/new`);
    expect(form?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('heading', { level: 1, name: 'Usulan kemitraan' }).waitFor();

    await fillProposalForm(page, 'rina-di-uns.example');
    const refused = await submitBy(page, 'Kirim usulan');

    expect(refused.status()).toBe(400);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    const email = page.getByLabel('Email narahubung');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const messageId = (await email.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
    expect(messageId).toBeDefined();
    expect(await page.locator(`[id="${messageId}"]`).innerText()).toBe('Alamat email tidak valid.');
    expect(await page.getByRole('alert').innerText()).toContain('Periksa kembali isian berikut');
    expect(await email.inputValue()).toBe('rina-di-uns.example');
    expect(await page.getByLabel('Nama institusi').inputValue()).toBe(proposal.institution);
    expect(await page.getByLabel('Jenis institusi').inputValue()).toBe('university');
    expect(await page.getByLabel('Nama narahubung').inputValue()).toBe(proposal.contactName);
    expect(await page.getByLabel('Judul usulan').inputValue()).toBe(proposal.title);
    expect(await page.getByLabel('Ringkasan').inputValue()).toBe(proposal.summary);
    expect(await page.getByLabel('Penelitian').isChecked()).toBe(true);
    expect(await page.getByLabel('Magang').isChecked()).toBe(false);
    expect(await page.getByLabel('Pelatihan').isChecked()).toBe(true);
    expect(await page.getByLabel('Tanggal mulai').inputValue()).toBe(proposal.startDate);
    expect(await page.getByLabel('Jangka waktu').inputValue()).toBe(proposal.durationMonths);
    expect(await page.getByLabel('Bahasa untuk email').inputValue()).toBe('id');
  });

  it('accepts the corrected form and shows the proposal waiting for its contact to confirm it', async () => {
    await page.getByLabel('Email narahubung').fill(proposal.contactEmail);
    await submitBy(page, 'Kirim usulan');

    expect(page.url()).toContain('/track/');
    trackingUrl = page.url();
    expect(await page.locator('h1').innerText()).toBe(proposal.title);
    expect(await page.locator('.badge').innerText()).toBe('Menunggu konfirmasi');
    expect(await mainText(page)).toContain('konfirmasi usulan dalam satu hari');
    expect((await track(trackingUrl)).status).toBe('UNCONFIRMED');
  });

  it('mails the contact a confirmation link, which the local inbox shows, and nobody else', async () => {
    const mail = await confirmationMail(sesUrl, proposal.contactEmail, proposal.title, { timeoutMs: WORKFLOW_DEADLINE_MS });

    // A person reads the mail in the local inbox and follows its button.
    const inbox = await context.newPage();
    try {
      await inbox.goto(`${sesUrl}/`);
      const listed = inbox.locator('.email', { hasText: mail.subject }).first();
      await listed.waitFor({ timeout: 10_000 });
      expect(await listed.innerText()).toContain(proposal.contactEmail);
      await listed.getByRole('button', { name: 'Toggle HTML view' }).click();
      const button = listed.frameLocator('iframe').getByRole('link', { name: 'Periksa dan konfirmasi pengajuan' });
      confirmLink = (await button.getAttribute('href')) ?? '';
    } finally {
      await inbox.close();
    }
    expect(confirmLink).toBe(linkIn(mail, 'confirm'));
    expect(confirmLink.startsWith(`${apiUrl}/confirm/`)).toBe(true);
    const others = (await mails(sesUrl)).filter((m) => m.subject.includes(proposal.title) && !m.destination.to.includes(proposal.contactEmail));
    expect(others).toEqual([]);
  });

  it('shows the contact what will be sent, and opening it twice or a scanner pressing its first button confirms nothing', async () => {
    const opened = await page.goto(confirmLink);
    expect(opened?.status()).toBe(200);
    expect(await opened!.text()).not.toMatch(/<script/i);
    expect(opened!.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('heading', { level: 1, name: 'Konfirmasi pengajuan: usulan kemitraan' }).waitFor();
    const facts = await mainText(page);
    for (const shown of [proposal.title, proposal.institution, proposal.contactName, proposal.contactEmail]) expect(facts).toContain(shown);

    expect((await page.reload())?.status()).toBe(200);
    expect(await page.getByLabel(submitterBox).isChecked()).toBe(false);
    expect(await page.getByRole('button').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Konfirmasi dan kirim', exact: true }).isVisible()).toBe(true);

    await expectScannerConfirmsNothing(context, confirmLink);
    expect((await track(trackingUrl)).status).toBe('UNCONFIRMED');
  });

  it('confirms the proposal once the contact ticks the box and presses the button, and lands on its tracking page', async () => {
    await page.getByLabel(submitterBox).check();
    const response = await submitBy(page, 'Konfirmasi dan kirim');

    const sent = await response.request().allHeaders();
    expect(response.status(), JSON.stringify(sent)).toBe(303);
    expect(page.url()).toBe(`${trackingUrl}?notice=confirmed`);
    expect(await page.locator('h1').innerText()).toBe(proposal.title);
    expect(['Diajukan', 'Sedang ditinjau']).toContain(await page.locator('.badge').innerText());
    await eventually(async () => expect((await track(trackingUrl)).status).toBe('IN_REVIEW'), WORKFLOW_DEADLINE_MS);
    expect(await page.getByRole('status').innerText({ timeout: 5_000 })).toBe('Terima kasih, usulan sudah dikonfirmasi dan diteruskan ke BKPSDM.');
  });

  it('sends the coordinator a decision link, which the local inbox lists', async () => {
    const mail = await waitForMail(sesUrl, coordinator, aboutThisProposal, { timeoutMs: WORKFLOW_DEADLINE_MS });
    coordinatorLink = linkIn(mail, 'decide');
    expect(coordinatorLink.startsWith(`${apiUrl}/decide/`)).toBe(true);

    // The inbox page draws its list from /store with a script, once a second.
    const inbox = await context.newPage();
    try {
      await inbox.goto(`${sesUrl}/`);
      const listed = inbox.locator('.email', { hasText: mail.subject });
      await listed.first().waitFor({ timeout: 10_000 });
      expect(await listed.first().innerText()).toContain(coordinator);
    } finally {
      await inbox.close();
    }
  });

  it('shows the coordinator the proposal, and opening the link twice decides nothing', async () => {
    const opened = await page.goto(coordinatorLink);
    expect(opened?.status()).toBe(200);
    const source = await opened!.text();
    expect(source).not.toMatch(/<script/i);
    expect(opened!.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    const facts = await mainText(page);
    expect(facts).toContain(proposal.title);
    expect(facts).toContain(proposal.institution);

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(await mainText(page)).toContain(proposal.title);
    const choices = page.getByRole('group', { name: /Apa keputusan Anda\?/ }).getByRole('radio');
    expect(await choices.count()).toBe(3);
    for (const name of ['Setujui', 'Tolak', 'Minta perbaikan']) expect(await page.getByRole('radio', { name, exact: true }).isChecked()).toBe(false);
    expect(await page.getByRole('button').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Kirim keputusan', exact: true }).isVisible()).toBe(true);

    const shot = join(screenshots, 'decision-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.length).toBeGreaterThan(1000);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    const view = await track(trackingUrl);
    expect(view.status).toBe('IN_REVIEW');
    expect(view.history.filter((entry) => entry.type === 'decided')).toEqual([]);
  });

  it('decides nothing when a scanner renders the page and presses its first button', async () => {
    // A page of its own, as a scanner opens the link: no choice made, no comment typed.
    const scan = await context.newPage();
    try {
      expect((await scan.goto(coordinatorLink))?.status()).toBe(200);

      const pressed = await pressFirstButton(scan);

      expect(pressed.status()).toBe(400);
      expect(await scan.locator('html').getAttribute('lang')).toBe('id');
      await scan.getByRole('heading', { level: 1, name: 'Keputusan atas usulan kemitraan' }).waitFor();
      expect(await scan.getByRole('alert').innerText()).toContain('Keputusan Anda: Pilih salah satu keputusan: Setujui, Tolak atau Minta perbaikan.');
      for (const name of ['Setujui', 'Tolak', 'Minta perbaikan']) expect(await scan.getByRole('radio', { name, exact: true }).isChecked()).toBe(false);
    } finally {
      await scan.close();
    }

    const view = await track(trackingUrl);
    expect(view.status).toBe('IN_REVIEW');
    expect(view.history.filter((entry) => entry.type === 'decided')).toEqual([]);
  });

  it('asks the coordinator to choose when the decision is sent without one, keeping the comment typed', async () => {
    await page.getByLabel('Komentar untuk pengusul').fill('Sudah sesuai dengan program.');
    const refused = await submitBy(page, 'Kirim keputusan');

    expect(refused.status()).toBe(400);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    const approve = page.getByRole('radio', { name: 'Setujui', exact: true });
    expect(await approve.getAttribute('aria-invalid')).toBe('true');
    const messageId = (await approve.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
    expect(await page.locator(`[id="${messageId}"]`).innerText()).toBe('Pilih salah satu keputusan: Setujui, Tolak atau Minta perbaikan.');
    expect(await page.getByLabel('Komentar untuk pengusul').inputValue()).toBe('Sudah sesuai dengan program.');
    expect((await track(trackingUrl)).history.filter((entry) => entry.type === 'decided')).toEqual([]);
  });

  it("records the coordinator's approval, chosen and sent from the page that asked to choose", async () => {
    const sent = await approveOnPage(page);

    // Pages send no referrer, so Chromium sends `Origin: null` with the fetch metadata.
    if (sent.origin === 'null') expect(sent.fetchSite).toBe('same-origin');
    else expect(sent.origin).toBe(apiUrl);
    const result = await mainText(page);
    expect(result).toContain(proposal.title);
    expect(result).toContain('Setuju');

    const view = await eventually(async () => {
      const v = await track(trackingUrl);
      expect(v.history.filter((entry) => entry.type === 'decided')).toHaveLength(1);
      return v;
    });
    expect(view.history.find((entry) => entry.type === 'decided')).toMatchObject({ action: 'approve', level: 1, comment: 'Sudah sesuai dengan program.' });
  });

  it('asks the head of agency next, whose approval makes the proposal approved', async () => {
    const mail = await waitForMail(sesUrl, head, aboutThisProposal, { timeoutMs: WORKFLOW_DEADLINE_MS });
    const opened = await page.goto(linkIn(mail, 'decide'));
    expect(opened?.status()).toBe(200);
    expect(await mainText(page)).toContain(proposal.title);

    await approveOnPage(page);
    expect(await mainText(page)).toContain(proposal.title);

    await eventually(async () => {
      await page.goto(trackingUrl);
      expect(await page.locator('.badge').innerText()).toBe('Disetujui');
    }, WORKFLOW_DEADLINE_MS);
    expect(await page.locator('.badge').getAttribute('class')).toContain('APPROVED');
    const view = await track(trackingUrl);
    expect(view.status).toBe('APPROVED');
    expect(view.history.filter((entry) => entry.type === 'decided').map((entry) => [entry.level, entry.action])).toEqual([
      [1, 'approve'],
      [2, 'approve'],
    ]);
    await waitForMail(sesUrl, proposal.contactEmail, /Usulan disetujui/, { timeoutMs: WORKFLOW_DEADLINE_MS });
  });
});
