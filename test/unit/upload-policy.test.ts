import { createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_DOCUMENT_BYTES, pendingKey, UPLOAD_FORM_SECONDS } from '../../shared/kernel/documents/documents.js';
import { uploadForm } from '../../shared/kernel/documents/upload-policy.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const client = new S3Client({ region: 'ap-southeast-3', credentials });
const policy = {
  bucket: 'sinergi-prod-documents',
  key: pendingKey('0b7f3c1e-6a2d-4c55-9a41-2f7e9d8c1a10'),
  contentType: 'application/pdf',
  maxBytes: DEFAULT_MAX_DOCUMENT_BYTES,
  redirect: 'https://sinergi.surakarta.go.id/uploads/0b7f3c1e-6a2d-4c55-9a41-2f7e9d8c1a10/done',
  expiresInSeconds: UPLOAD_FORM_SECONDS,
};

/** The policy document S3 reads from the form, decoded. */
const decoded = (fields: Record<string, string>) =>
  JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };

/** SigV4 for a POST policy, as S3 recomputes it: the signing key of the credential's date, region and service, over the base64 policy. */
function expectedSignature(fields: Record<string, string>): string {
  const [, date, region, service] = fields['X-Amz-Credential']!.split('/');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signing = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), service!), 'aws4_request');
  return createHmac('sha256', signing).update(fields.Policy!).digest('hex');
}

describe('the signed POST policy of one upload', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-03-01T02:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('posts to the bucket, with the key, the content type and the redirect as fields', async () => {
    const form = await uploadForm(client, policy);

    expect(form.url).toBe('https://sinergi-prod-documents.s3.ap-southeast-3.amazonaws.com/');
    expect(form.fields).toMatchObject({
      key: policy.key,
      'Content-Type': 'application/pdf',
      success_action_redirect: policy.redirect,
      bucket: policy.bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20270301/ap-southeast-3/s3/aws4_request',
      'X-Amz-Date': '20270301T020000Z',
    });
  });

  it('allows exactly one key, one content type, 1 byte to the maximum and one redirect, until it expires', async () => {
    const { conditions, expiration } = decoded((await uploadForm(client, policy)).fields);

    expect(expiration).toBe('2027-03-01T02:15:00Z');
    expect(conditions).toEqual(
      expect.arrayContaining([
        { bucket: 'sinergi-prod-documents' },
        { key: policy.key },
        ['content-length-range', 1, 10 * 1024 * 1024],
        { 'Content-Type': 'application/pdf' },
        { success_action_redirect: policy.redirect },
        { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
        { 'X-Amz-Credential': 'AKIDEXAMPLE/20270301/ap-southeast-3/s3/aws4_request' },
        { 'X-Amz-Date': '20270301T020000Z' },
      ]),
    );
    // Nothing else is left open: no starts-with, and nothing beyond the SDK's own signing fields.
    expect(conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
    expect(conditions).toHaveLength(8);
  });

  it('is signed the way S3 checks it (SigV4 over the base64 policy with the signing key of its date, region and service)', async () => {
    const { fields } = await uploadForm(client, policy);

    expect(fields['X-Amz-Signature']).toBe(expectedSignature(fields));
    // Another policy under the same signature is not what was signed.
    const tampered = { ...fields, Policy: Buffer.from(JSON.stringify({ ...decoded(fields), conditions: [] })).toString('base64') };
    expect(expectedSignature(tampered)).not.toBe(fields['X-Amz-Signature']);
  });

  it('carries the maximum and the type it is given', async () => {
    const { conditions } = decoded((await uploadForm(client, { ...policy, contentType: 'image/png', maxBytes: 2048 })).fields);

    expect(conditions).toEqual(expect.arrayContaining([['content-length-range', 1, 2048], { 'Content-Type': 'image/png' }]));
  });
});
