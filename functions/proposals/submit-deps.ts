import { sesClient } from '../../shared/kernel/adapters/ses-client.js';
import { SesMailer } from '../../shared/kernel/adapters/ses-mailer.js';
import type { Config } from '../../shared/kernel/config.js';
import type { SubmitDeps } from '../../shared/proposals/deps.js';
import { readDeps } from './read-deps.js';

/** For the proposal submissions: the table, the link secret and the mailer (for the confirmation link); no workflow. */
export function submitDeps(config: Config): SubmitDeps {
  return { ...readDeps(config), config, mailer: new SesMailer(sesClient(), config.SENDER_EMAIL) };
}
