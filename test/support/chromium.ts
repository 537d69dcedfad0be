import { access, constants } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';

/** Chromium installed by the system's package manager, in the places distributions put it. */
const systemChromiums = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Quiet flags: no network of its own, no updates, no sync, no first-run dialogs. */
const quietArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Flags of the packaged Chromium that would make the browser laxer than a person's: the tests
 * check what a real browser sends and refuses, so web security stays on.
 */
const laxerThanAPerson = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials']);

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium to drive and its extra flags: CHROMIUM_PATH, else a system Chromium, else the
 * headless Chromium inside the `@sparticuz/chromium` npm package (unpacked into the temporary
 * folder on first use). Nothing is ever downloaded.
 */
async function pickChromium(): Promise<{ executablePath: string; args: string[] }> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return { executablePath: configured, args: [] };
  for (const path of systemChromiums) if (await isExecutable(path)) return { executablePath: path, args: [] };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  return { executablePath, args: packaged.args.filter((arg) => !laxerThanAPerson.has(arg)) };
}

/** A headless Chromium with a fresh profile; close it when done. */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await pickChromium();
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...new Set([...args, ...quietArgs])],
  });
}
