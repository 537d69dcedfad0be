import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { COORDINATORS_GROUP } from '../../shared/kernel/http/coordinators.js';
import { defaultAuthKeyFile, mintLocalToken } from './auth.js';

/**
 * `npm run token -- coordinator@example.go.id`: prints a bearer token that the local cloud's
 * coordinators' API accepts, for that email in the coordinators group, valid for 12 hours,
 * signed with the local key (`$DATA_DIR/local-auth-key.json`, made if missing).
 */
const usage =
  'Usage: npm run token -- <email>\n' +
  "Prints a bearer token for the local coordinators' API: the email in the coordinators group, valid 12 hours,\n" +
  `signed with the local key (${defaultAuthKeyFile()}; DATA_DIR moves it). Example:\n` +
  '  curl -H "Authorization: Bearer $(npm run --silent token -- koordinator@bkpsdm.surakarta.go.id)" \\\n' +
  '       "http://127.0.0.1:3000/api/proposals?status=IN_REVIEW"\n';

function readArguments(): { help: boolean; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false } } });
    return { help: values.help ?? false, positionals };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

const args = readArguments();
if (args.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const [email, ...extra] = args.positionals;
if (email === undefined || extra.length > 0) {
  process.stderr.write(`${email === undefined ? 'Give the email address the token is for.' : 'Give one email address only.'}\n\n${usage}`);
  process.exit(2);
}
if (!z.email().safeParse(email).success) {
  process.stderr.write(`"${email}" is not a valid email address.\n\n${usage}`);
  process.exit(2);
}

try {
  process.stdout.write(`${await mintLocalToken(defaultAuthKeyFile(), email, { groups: [COORDINATORS_GROUP], expiresInSeconds: 12 * 3600 })}\n`);
} catch (error) {
  process.stderr.write(`Could not sign a token: ${(error as Error).message}\n`);
  process.exit(1);
}
