import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { localCredentials } from '../../infra/local/engines.js';
import { pendingKey } from '../../shared/kernel/documents/documents.js';
import { uploadForm } from '../../shared/kernel/documents/upload-policy.js';

const s3Url = inject('s3Url');
const buckets = inject('buckets');
const client = new S3Client({ endpoint: s3Url, forcePathStyle: true, region: 'ap-southeast-3', credentials: localCredentials });
const documentsBucket = () => buckets.find((name) => name.includes('-documents-'))!;

/** Posts `file` with a form's fields, as a browser's multipart form would (the file last, as S3 requires). */
async function post(form: { url: string; fields: Record<string, string> }, file: Uint8Array, contentType: string): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([file], { type: contentType }), 'KAK.pdf');
  return fetch(form.url, { method: 'POST', body, redirect: 'manual' });
}

describe('the local S3', () => {
  it('listens on 127.0.0.1 with the template’s buckets: the documents and their access logs', () => {
    expect(new URL(s3Url).hostname).toBe('127.0.0.1');
    expect([...buckets].sort()).toEqual(['sinergi-dev-document-logs-000000000000-ap-southeast-3', 'sinergi-dev-documents-000000000000-ap-southeast-3']);
  });

  it('takes a browser upload signed by the same code as on AWS, stores it under the policy’s key and sends the browser on', async () => {
    const id = crypto.randomUUID();
    const pdf = new TextEncoder().encode('%PDF-1.4\n% Kerangka acuan kerja\n%%EOF\n');
    const form = await uploadForm(client, {
      bucket: documentsBucket(),
      key: pendingKey(id),
      contentType: 'application/pdf',
      maxBytes: 1024,
      redirect: `http://127.0.0.1/uploads/${id}/done`,
      expiresInSeconds: 600,
    });
    expect(form.url).toBe(`${s3Url}/${documentsBucket()}`);

    const answer = await post(form, pdf, 'application/pdf');
    expect(answer.status).toBe(303);
    const next = new URL(answer.headers.get('location')!);
    expect(next.pathname).toBe(`/uploads/${id}/done`);
    expect(next.searchParams.get('key')).toBe(pendingKey(id));
    const stored = await client.send(new GetObjectCommand({ Bucket: documentsBucket(), Key: pendingKey(id) }));
    expect(await stored.Body!.transformToByteArray()).toEqual(pdf);
  });

  it('is storage only: it stores a file the policy forbids (too large), so what is stored is always checked again', async () => {
    const id = crypto.randomUUID();
    const form = await uploadForm(client, {
      bucket: documentsBucket(),
      key: pendingKey(id),
      contentType: 'application/pdf',
      maxBytes: 16,
      redirect: `http://127.0.0.1/uploads/${id}/done`,
      expiresInSeconds: 600,
    });
    const oversized = new Uint8Array(4096).fill(0x41);
    expect((await post(form, oversized, 'application/pdf')).status).toBe(303);
    const stored = await client.send(new GetObjectCommand({ Bucket: documentsBucket(), Key: pendingKey(id) }));
    expect(stored.ContentLength).toBe(4096);
  });
});
