import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  applicationFieldLabels,
  applicationStatusLabels,
  employmentTypeLabels,
  placementFieldLabels,
  placementStatusLabels,
  subjectEventLabels,
} from '../../shared/placements/placement-labels.js';
import { confirmationMail, eventually } from '../support/api.js';
import { expectScannerConfirmsNothing, pressFirstButton, submitterBox } from '../support/browser-pages.js';
import { launchBrowser } from '../support/chromium.js';
import { linkIn, mails } from '../support/inbox.js';
import {
  aNip,
  anInternshipPartner,
  aPublishedPlacement,
  coordinatorEmail,
  escapeRegExp,
  mailAbout,
  trackApplication,
  untilStatus,
  wibDate,
} from '../support/placements.js';

const apiUrl = inject('apiUrl');
const sesUrl = inject('sesUrl');

/** The workflow runs on its own: mails and statuses arrive a moment after the click. */
const WORKFLOW_DEADLINE_MS = 30_000;

const unique = Math.random().toString(36).slice(2, 8);
const validNip = aNip();
/** The same number with 13 as its birth month, grouped by spaces as people type it. */
const nipBornInMonth13 = `${validNip.slice(0, 4)}13${validNip.slice(6, 8)} ${validNip.slice(8, 14)} ${validNip.slice(14, 15)} ${validNip.slice(15)}`;
const asn = {
  name: `Sri Lestari ${unique}`,
  email: `sri.${unique}@surakarta.go.id`,
  unit: 'Dinas Pendidikan',
  position: 'Analis Kebijakan Ahli Pertama',
  supervisorName: `Budi Santoso ${unique}`,
  supervisorEmail: `budi.${unique}@surakarta.go.id`,
  motivation: 'Memperdalam analisis kebijakan pelayanan publik digital.\nDan membawa hasilnya ke Dinas Pendidikan.',
};

/**
 * The control a field's label names. Labels end with "(wajib)", and "Email" begins another
 * label too, so the label is matched whole.
 */
function field(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${escapeRegExp(label)}(?: \\(wajib\\))?$`));
}

/** Clicks a submit button and returns the answer to the POST it made (a 303 is not followed here). */
async function submitBy(page: Page, buttonName: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  return response;
}

/** Every page works without JavaScript, and has none: nothing can act on a person's behalf. */
async function expectNoScript(page: Page): Promise<void> {
  // A string, since the tests are compiled without the DOM's types.
  expect(await page.evaluate<number>('document.scripts.length')).toBe(0);
}

async function expectIndonesian(page: Page): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('id');
}

/** The message shown beside a field, found through the ids the field points at. */
async function messageBeside(page: Page, control: Locator): Promise<string> {
  expect(await control.getAttribute('aria-invalid')).toBe('true');
  const messageId = (await control.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
  expect(messageId).toBeDefined();
  return page.locator(`[id="${messageId}"]`).innerText();
}

async function fillApplicationForm(page: Page, nip: string): Promise<void> {
  const labels = applicationFieldLabels;
  await field(page, labels.nip.id).fill(nip);
  await page.getByLabel(employmentTypeLabels.PNS.id, { exact: true }).check();
  await field(page, labels.name.id).fill(asn.name);
  await field(page, labels.email.id).fill(asn.email);
  await field(page, labels.unit.id).selectOption(asn.unit);
  await field(page, labels.position.id).fill(asn.position);
  await field(page, labels.supervisorName.id).fill(asn.supervisorName);
  await field(page, labels.supervisorEmail.id).fill(asn.supervisorEmail);
  await field(page, labels.motivation.id).fill(asn.motivation);
  await field(page, labels.language.id).selectOption('id');
}

describe('internship placements in a real browser, in Indonesian', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let partner: Awaited<ReturnType<typeof anInternshipPartner>>;
  let placement: Awaited<ReturnType<typeof aPublishedPlacement>>;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'id-ID' });
    page = await context.newPage();
    partner = await anInternshipPartner(apiUrl, sesUrl);
    placement = await aPublishedPlacement(apiUrl, sesUrl, partner.partnerUrl);
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('an ASN applying from the catalogue', () => {
    let trackingUrl: string;
    let confirmLink: string;

    it('finds the placement in the catalogue and opens its form', async () => {
      const catalogue = await page.goto(`${apiUrl}/placements`);
      expect(catalogue?.status()).toBe(200);
      await expectIndonesian(page);
      await expectNoScript(page);

      const card = page.getByRole('article', { name: placement.offer.title, exact: true });
      expect(await card.innerText()).toContain(partner.institution);
      await card.getByRole('link', { name: `Daftar: ${placement.offer.title}`, exact: true }).click();

      await page.waitForURL(`${apiUrl}/placements/${placement.id}/apply`);
      await page.getByRole('heading', { level: 1, name: placement.offer.title }).waitFor();
      await expectIndonesian(page);
      await expectNoScript(page);
    });

    it('refuses a NIP whose birth month is 13, says so beside the NIP, and keeps every value', async () => {
      await fillApplicationForm(page, nipBornInMonth13);
      const refused = await submitBy(page, 'Kirim pendaftaran');

      expect(refused.status()).toBe(400);
      await page.getByRole('alert').waitFor();
      await expectIndonesian(page);
      await expectNoScript(page);
      const labels = applicationFieldLabels;
      const nip = field(page, labels.nip.id);
      expect(await messageBeside(page, nip)).toBe(`Tanggal lahir ${nipBornInMonth13.slice(0, 8)} pada digit 1–8 bukan tanggal yang nyata.`);
      expect(await page.getByRole('alert').innerText()).toContain(`${labels.nip.id}: Tanggal lahir`);
      expect(await nip.inputValue()).toBe(nipBornInMonth13);
      expect(await page.getByLabel(employmentTypeLabels.PNS.id, { exact: true }).isChecked()).toBe(true);
      expect(await field(page, labels.name.id).inputValue()).toBe(asn.name);
      expect(await field(page, labels.email.id).inputValue()).toBe(asn.email);
      expect(await field(page, labels.unit.id).inputValue()).toBe(asn.unit);
      expect(await field(page, labels.position.id).inputValue()).toBe(asn.position);
      expect(await field(page, labels.supervisorName.id).inputValue()).toBe(asn.supervisorName);
      expect(await field(page, labels.supervisorEmail.id).inputValue()).toBe(asn.supervisorEmail);
      expect(await field(page, labels.motivation.id).inputValue()).toBe(asn.motivation);
      expect(await field(page, labels.language.id).inputValue()).toBe('id');
      expect(await field(page, labels.email.id).getAttribute('aria-invalid')).toBeNull();
    });

    it('accepts the corrected NIP and lands on the tracking page, in Indonesian, waiting for the ASN to confirm', async () => {
      await field(page, applicationFieldLabels.nip.id).fill(validNip);
      const accepted = await submitBy(page, 'Kirim pendaftaran');

      expect(accepted.status()).toBe(303);
      await page.waitForURL(/\/track\/[\w-]+$/);
      trackingUrl = page.url();
      expect(trackingUrl.startsWith(`${apiUrl}/track/`)).toBe(true);
      await expectIndonesian(page);
      await expectNoScript(page);
      expect(await page.locator('h1').innerText()).toBe(placement.offer.title);
      expect(await page.locator('.badge').innerText()).toBe(applicationStatusLabels.UNCONFIRMED.id);
      expect(await page.locator('main').innerText()).toContain('konfirmasi pendaftaran dalam satu hari');
      expect(await page.getByRole('button', { name: 'Batalkan pendaftaran' }).count()).toBe(0);
      expect((await trackApplication(trackingUrl)).status).toBe('UNCONFIRMED');
    });

    it('mails the ASN a confirmation link, which the local inbox shows, and asks the supervisor nothing yet', async () => {
      const mail = await confirmationMail(sesUrl, asn.email, placement.offer.title, { timeoutMs: WORKFLOW_DEADLINE_MS });

      // A person reads the mail in the local inbox and follows its button.
      const inbox = await context.newPage();
      try {
        await inbox.goto(`${sesUrl}/`);
        const listed = inbox.locator('.email', { hasText: asn.email }).filter({ hasText: mail.subject }).first();
        await listed.waitFor({ timeout: 10_000 });
        await listed.getByRole('button', { name: 'Toggle HTML view' }).click();
        const button = listed.frameLocator('iframe').getByRole('link', { name: 'Periksa dan konfirmasi pengajuan' });
        confirmLink = (await button.getAttribute('href')) ?? '';
      } finally {
        await inbox.close();
      }
      expect(confirmLink).toBe(linkIn(mail, 'confirm'));
      expect((await mails(sesUrl)).filter((m) => m.destination.to.includes(asn.supervisorEmail))).toEqual([]);
    });

    it('shows the ASN what will be sent, and a scanner pressing its first button confirms nothing', async () => {
      expect((await page.goto(confirmLink))?.status()).toBe(200);
      await expectIndonesian(page);
      await expectNoScript(page);
      const shown = await page.locator('main').innerText();
      for (const fact of [placement.offer.title, asn.name, asn.email, validNip, asn.supervisorName, asn.supervisorEmail]) expect(shown).toContain(fact);
      expect(await page.getByLabel(submitterBox).isChecked()).toBe(false);

      await expectScannerConfirmsNothing(context, confirmLink);
      expect((await trackApplication(trackingUrl)).status).toBe('UNCONFIRMED');
    });

    it('confirms the application once the ASN ticks the box and presses the button, and lands on the tracking page', async () => {
      await page.getByLabel(submitterBox).check();
      const confirmed = await submitBy(page, 'Konfirmasi dan kirim');

      expect(confirmed.status()).toBe(303);
      await page.waitForURL(`${trackingUrl}?notice=confirmed`);
      await expectIndonesian(page);
      await expectNoScript(page);
      const awaitingSupervisor = [applicationStatusLabels.SUBMITTED.id, applicationStatusLabels.SUPERVISOR_REVIEW.id];
      expect(awaitingSupervisor).toContain(await page.locator('.badge').innerText());
      const history = page.locator('ol.history > li');
      expect(await history.first().innerText()).toContain(subjectEventLabels.submitted.id);
      expect(await history.first().innerText()).toContain(asn.name);
      expect(await page.getByRole('button', { name: 'Batalkan pendaftaran', exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('status').innerText({ timeout: 5_000 })).toBe(
        'Terima kasih, pendaftaran sudah dikonfirmasi dan diteruskan kepada atasan Anda.',
      );
    });

    it('sends the ASN an Indonesian receipt with the link to this page, and asks the supervisor', async () => {
      const receipt = await mailAbout(sesUrl, asn.email, placement.offer.title, {
        subject: new RegExp(`^\\[Sinergi\\] Pengajuan magang diterima: ${escapeRegExp(placement.offer.title)}`),
        timeoutMs: WORKFLOW_DEADLINE_MS,
      });
      expect(receipt.body.text).toContain(`Yth. ${asn.name},`);
      expect(receipt.body.text).toContain('Pengajuan magang Anda sudah kami terima');
      expect(receipt.body.text).toContain(validNip);
      expect(linkIn(receipt, 'track')).toBe(trackingUrl);

      await mailAbout(sesUrl, asn.supervisorEmail, placement.offer.title, { timeoutMs: WORKFLOW_DEADLINE_MS });
      await untilStatus(trackingUrl, 'SUPERVISOR_REVIEW');
    });

    it('withdraws with the button on the tracking page and then shows the application as withdrawn', async () => {
      await page.goto(trackingUrl);
      const withdrawn = await submitBy(page, 'Batalkan pendaftaran');

      expect(withdrawn.status()).toBe(303);
      await page.waitForURL(/\/track\/[\w-]+\?notice=withdrawn$/);
      await expectIndonesian(page);
      await expectNoScript(page);
      expect(await page.getByRole('status').innerText()).toBe('Pendaftaran Anda sudah dibatalkan.');
      expect(await page.locator('.badge').innerText()).toBe(applicationStatusLabels.WITHDRAWN.id);
      expect(await page.locator('ol.history').innerText()).toContain(subjectEventLabels.withdrawn.id);
      expect(await page.getByRole('button', { name: 'Batalkan pendaftaran' }).count()).toBe(0);

      expect((await trackApplication(trackingUrl)).status).toBe('WITHDRAWN');
      await mailAbout(sesUrl, asn.email, placement.offer.title, { subject: /^\[Sinergi\] Pengajuan dibatalkan/, timeoutMs: WORKFLOW_DEADLINE_MS });
    });
  });

  describe('a partner offering a placement from its page', () => {
    let decisionLink: string;
    const offer = {
      title: `Magang sains data ${unique}`,
      hostUnit: 'Laboratorium Sains Data',
      description: 'Pengolahan data layanan publik bersama peneliti.\nDengan pendampingan mingguan.',
      competencyArea: 'Analisis data',
      seats: '2',
      startDate: wibDate(20),
      endDate: wibDate(40),
      applicationDeadline: wibDate(10),
      jpHours: '24',
    };

    it('sends the offer through its form and lists it as awaiting BKPSDM approval', async () => {
      const opened = await page.goto(partner.partnerUrl);
      expect(opened?.status()).toBe(200);
      await expectIndonesian(page);
      await expectNoScript(page);

      const labels = placementFieldLabels;
      await field(page, labels.title.id).fill(offer.title);
      await field(page, labels.hostUnit.id).fill(offer.hostUnit);
      await field(page, labels.description.id).fill(offer.description);
      await field(page, labels.competencyArea.id).fill(offer.competencyArea);
      await field(page, labels.seats.id).fill(offer.seats);
      await field(page, labels.startDate.id).fill(offer.startDate);
      await field(page, labels.endDate.id).fill(offer.endDate);
      await field(page, labels.applicationDeadline.id).fill(offer.applicationDeadline);
      await field(page, labels.jpHours.id).fill(offer.jpHours);
      await field(page, labels.language.id).selectOption('id');
      const sent = await submitBy(page, 'Kirim tawaran');

      expect(sent.status()).toBe(303);
      await page.waitForURL(/\/partners\/[\w-]+\?notice=offered$/);
      await expectIndonesian(page);
      await expectNoScript(page);
      expect(await page.getByRole('status').innerText()).toContain('Tawaran penempatan sudah terkirim');
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: offer.title, exact: true }) });
      expect(await row.count()).toBe(1);
      expect(await row.locator('.badge').innerText()).toBe(placementStatusLabels.PENDING_APPROVAL.id);
      expect(await row.innerText()).toContain(offer.hostUnit);
      expect(await row.innerText()).toContain('0/2');
      expect(await row.innerText()).toContain('24 JP');
      // The placement the ASN applied for is still listed beside it, already published.
      const published = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: placement.offer.title, exact: true }) });
      expect(await published.locator('.badge').innerText()).toBe(placementStatusLabels.PUBLISHED.id);

      const ask = await mailAbout(sesUrl, coordinatorEmail, offer.title, { timeoutMs: WORKFLOW_DEADLINE_MS });
      decisionLink = linkIn(ask, 'decide');
    });

    /** The offer's row on the partner's page, with its status. */
    async function offerStatus(): Promise<string> {
      await page.goto(partner.partnerUrl);
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: offer.title, exact: true }) });
      return row.locator('.badge').innerText();
    }

    it('decides nothing when a scanner renders the coordinator’s page and presses its first button', async () => {
      const scan = await context.newPage();
      try {
        expect((await scan.goto(decisionLink))?.status()).toBe(200);
        await expectNoScript(scan);
        // Scanners follow every link, the page's language link too; it changes nothing either.
        await Promise.all([scan.waitForURL(/\?lang=en$/), scan.getByRole('link', { name: 'English', exact: true }).click()]);
        await scan.getByRole('radio', { name: 'Approve', exact: true }).waitFor();

        const pressed = await pressFirstButton(scan);

        expect(pressed.status()).toBe(400);
        await scan.getByRole('alert').waitFor();
        expect(await scan.locator('html').getAttribute('lang')).toBe('en');
        expect(await scan.getByRole('alert').innerText()).toContain('Your decision: Choose one decision: Approve or Reject.');
        expect(await scan.getByRole('radio', { name: 'Approve', exact: true }).isChecked()).toBe(false);
        expect(await scan.getByRole('radio', { name: 'Reject', exact: true }).isChecked()).toBe(false);
      } finally {
        await scan.close();
      }
      expect(await offerStatus()).toBe(placementStatusLabels.PENDING_APPROVAL.id);
    });

    it('publishes the offer once the coordinator chooses “Setujui” and sends the decision', async () => {
      expect((await page.goto(decisionLink))?.status()).toBe(200);
      await expectIndonesian(page);
      expect(await page.getByRole('button').count()).toBe(1);
      await page.getByRole('radio', { name: 'Setujui', exact: true }).check();
      const sent = await submitBy(page, 'Kirim keputusan');

      expect(sent.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Keputusan tercatat' }).waitFor();
      await expectNoScript(page);
      await eventually(async () => expect(await offerStatus()).toBe(placementStatusLabels.PUBLISHED.id), WORKFLOW_DEADLINE_MS);
    });
  });
});
