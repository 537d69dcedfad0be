import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from './private-files.js';

/**
 * Bearer tokens for the local cloud. On AWS, coordinators' tokens come from the Cognito user
 * pool and API Gateway checks them against the pool's published keys. Locally there is no
 * pool: tokens are signed with an ES256 key kept in a JSON file, and the local HTTP API checks
 * them against that key, with this issuer and audience in place of the template's.
 */
export const LOCAL_ISSUER = 'sinergi-local';
export const LOCAL_AUDIENCE = 'sinergi-local';

/** Where the key is kept unless told otherwise: beside the local data. */
export function defaultAuthKeyFile(dataDir: string = process.env.DATA_DIR ?? '.data'): string {
  return join(dataDir, 'local-auth-key.json');
}

/** A signing key and its public half, named by `kid` (its JWK thumbprint). */
export interface LocalAuthKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

interface KeyFile {
  alg: 'ES256';
  kid: string;
  privateKey: JWK;
}

/** A fresh key, in memory only. */
export async function generateAuthKey(): Promise<LocalAuthKey> {
  return importKeyFile(await newKeyFile());
}

/**
 * The key kept in `file`, made when the file does not exist yet. The file and its folder are
 * readable by their owner only (0600 and 0700), and narrowed to that if they were wider.
 */
export async function loadAuthKey(file: string): Promise<LocalAuthKey> {
  ensurePrivateDir(dirname(file));
  if (!existsSync(file)) await createKeyFile(file);
  ensurePrivateFile(file);
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    if (parsed.alg !== 'ES256' || typeof parsed.kid !== 'string' || typeof parsed.privateKey?.d !== 'string') throw new Error('not an ES256 key file');
    return await importKeyFile(parsed);
  } catch (error) {
    throw new Error(`${file} does not hold a local signing key (${(error as Error).message}); delete it to make a new one`);
  }
}

async function newKeyFile(): Promise<KeyFile> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { alg: 'ES256', kid: await calculateJwkThumbprint(jwk), privateKey: jwk };
}

async function importKeyFile(file: KeyFile): Promise<LocalAuthKey> {
  const { d: _d, ...publicJwk } = file.privateKey;
  const privateKey = await importJWK(file.privateKey, 'ES256');
  const publicKey = await importJWK(publicJwk, 'ES256');
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new Error('not an asymmetric key');
  return { kid: file.kid, privateKey, publicKey };
}

/** Writes a new key file atomically: written aside, then linked into place unless another process got there first. */
async function createKeyFile(file: string): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, `${JSON.stringify(await newKeyFile(), null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  try {
    linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(aside);
  }
}

/** What a local token says about its holder. */
export interface TokenOptions {
  /** The user-pool groups (`cognito:groups`); none leaves the claim out, as Cognito does. */
  groups?: string[];
  /** From `issuedAt`; 12 hours unless told. */
  expiresInSeconds?: number;
  issuedAt?: Date;
  /** Only to make tokens the local API must refuse. */
  issuer?: string;
  audience?: string;
}

/** A stable subject per email address, shaped like Cognito's (a UUID). */
function subjectOf(email: string): string {
  const hex = createHash('sha256').update(`sinergi-local\n${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An ID token like the user pool's, for `email`, signed with `key`. */
export async function signToken(key: LocalAuthKey, email: string, options: TokenOptions = {}): Promise<string> {
  const issuedAt = Math.floor((options.issuedAt?.getTime() ?? Date.now()) / 1000);
  const groups = options.groups ?? [];
  const claims: JWTPayload = {
    email,
    email_verified: true,
    'cognito:username': subjectOf(email),
    token_use: 'id',
    ...(groups.length ? { 'cognito:groups': groups } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setSubject(subjectOf(email))
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 12 * 3600))
    .sign(key.privateKey);
}

/** Signs a token with the key kept in `file` (what `npm run token` and the tests use). */
export async function mintLocalToken(file: string, email: string, options: TokenOptions = {}): Promise<string> {
  return signToken(await loadAuthKey(file), email, options);
}

/** A token's claims, or why it does not check (worded like API Gateway's `www-authenticate`). */
export type TokenCheck = { claims: JWTPayload } | { error: string };

/**
 * Checks a token as API Gateway's JWT authorizer does: the key it names, its signature, `exp`,
 * `nbf` and `iat`, the issuer, and `aud` (or `client_id` when there is no `aud`).
 */
export async function verifyToken(
  key: LocalAuthKey,
  token: string,
  expected: { issuer: string; audience: string[] } = { issuer: LOCAL_ISSUER, audience: [LOCAL_AUDIENCE] },
): Promise<TokenCheck> {
  try {
    if (decodeProtectedHeader(token).kid !== key.kid) return { error: 'the token was not signed by a known key' };
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ['ES256'], issuer: expected.issuer, requiredClaims: ['exp'] });
    if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) return { error: 'the token was issued in the future' };
    const audiences = payload.aud !== undefined ? [payload.aud].flat() : typeof payload.client_id === 'string' ? [payload.client_id] : [];
    if (!audiences.some((a) => expected.audience.includes(a))) return { error: 'the token does not have a valid audience' };
    return { claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { error: 'the token has expired' };
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'iss') return { error: 'the token does not have a valid issuer' };
      if (error.claim === 'nbf') return { error: 'the token is not valid yet' };
      return { error: `the token does not have a valid ${error.claim}` };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) return { error: 'the token signature is invalid' };
    return { error: 'the token is malformed' };
  }
}
