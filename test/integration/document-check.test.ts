import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localCredentials } from '../../infra/local/engines.js';
import { checkUpload } from '../../shared/kernel/documents/check-upload.js';
import { documentTypeInfo } from '../../shared/kernel/documents/content-check.js';
import { s3DocumentStorage } from '../../shared/kernel/documents/document-storage.js';
import { DocumentStore } from '../../shared/kernel/documents/document-store.js';
import { type DocumentRecord, documentKey, pendingKey } from '../../shared/kernel/documents/documents.js';
import { uploadForm } from '../../shared/kernel/documents/upload-policy.js';
import { anExe, aPdf } from '../support/documents/files.js';

// The check of an upload on the local cloud's own engines: what DynamoDB Local and the local S3
// hold, written and read by the same kernel code the functions bundle.

const region = 'ap-southeast-3';
const s3 = new S3Client({ endpoint: inject('s3Url'), forcePathStyle: true, region, credentials: localCredentials });
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials: localCredentials }));
afterAll(() => {
  s3.destroy();
  db.destroy();
});
const bucket = inject('buckets').find((name) => name.includes('-documents-'))!;
const documents = new DocumentStore(db, inject('tableName'));
const storage = s3DocumentStorage(s3, bucket);
const clock = { now: () => new Date() };
const MAX = 64 * 1024;

async function aPendingDocument(overrides: Partial<DocumentRecord> = {}): Promise<DocumentRecord> {
  const now = Date.now();
  const record: DocumentRecord = {
    id: crypto.randomUUID(),
    purpose: 'proposal.tor',
    fileName: 'KAK kerja sama.pdf',
    type: 'pdf',
    contentType: documentTypeInfo.pdf.contentType,
    state: 'PENDING',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 86_400_000).toISOString(),
    ...overrides,
  };
  await documents.createDocument(record);
  return record;
}

/** Uploads `file` as a browser would, with the document's own signed form. */
async function upload(record: DocumentRecord, file: Uint8Array): Promise<void> {
  const form = await uploadForm(s3, {
    bucket,
    key: pendingKey(record.id),
    contentType: record.contentType,
    maxBytes: MAX,
    redirect: `http://127.0.0.1/uploads/${record.id}/done`,
    expiresInSeconds: 600,
  });
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([file], { type: record.contentType }), record.fileName);
  expect((await fetch(form.url, { method: 'POST', body, redirect: 'manual' })).status).toBe(303);
}

const exists = async (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );

describe('checking an upload on the local cloud', () => {
  it('leaves a document pending while nothing is stored for it', async () => {
    const record = await aPendingDocument();
    expect(await checkUpload(record.id, MAX, { documents, storage, clock })).toMatchObject({ state: 'PENDING' });
  });

  it('keeps a real PDF: copied to documents/, its size and SHA-256 recorded, the pending object gone', async () => {
    const pdf = aPdf();
    const record = await aPendingDocument({ declaredSize: pdf.length });
    await upload(record, pdf);

    const checked = await checkUpload(record.id, MAX, { documents, storage, clock });

    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', pdf)).toString('hex');
    expect(checked).toMatchObject({ state: 'READY', size: pdf.length, sha256 });
    expect(await documents.getDocument(record.id)).toMatchObject({ state: 'READY', size: pdf.length, sha256 });
    expect(await storage.read(documentKey(record.id))).toEqual(pdf);
    expect(await exists(pendingKey(record.id))).toBe(false);
  });

  it('refuses and deletes a program uploaded as a PDF', async () => {
    const record = await aPendingDocument();
    await upload(record, anExe());

    expect(await checkUpload(record.id, MAX, { documents, storage, clock })).toMatchObject({ state: 'REFUSED', refusal: 'executable' });
    expect(await exists(pendingKey(record.id))).toBe(false);
    expect(await exists(documentKey(record.id))).toBe(false);
  });

  it('refuses a file over the limit, which the local S3 stored although the policy forbade it', async () => {
    const big = new Uint8Array(MAX + 1);
    big.set(aPdf());
    const record = await aPendingDocument();
    await upload(record, big);

    expect(await checkUpload(record.id, MAX, { documents, storage, clock })).toMatchObject({ state: 'REFUSED', refusal: 'too-large' });
    expect(await exists(pendingKey(record.id))).toBe(false);
  });

  it('refuses a file of another size than the one its client declared', async () => {
    const pdf = aPdf();
    const record = await aPendingDocument({ declaredSize: pdf.length + 10 });
    await upload(record, pdf);

    expect(await checkUpload(record.id, MAX, { documents, storage, clock })).toMatchObject({ state: 'REFUSED', refusal: 'damaged' });
  });

  it('decides once when two checks run at once', async () => {
    const record = await aPendingDocument();
    await upload(record, aPdf());

    const both = await Promise.all([0, 1].map(() => checkUpload(record.id, MAX, { documents, storage, clock })));

    expect(both.map((result) => result?.state)).toEqual(['READY', 'READY']);
    expect(await documents.getDocument(record.id)).toMatchObject({ state: 'READY' });
    expect(await storage.read(documentKey(record.id))).toEqual(aPdf());
  });

  it('lets a step use a checked document once, only for its purpose, and makes it its subject’s', async () => {
    const record = await aPendingDocument();
    await upload(record, aPdf());
    await checkUpload(record.id, MAX, { documents, storage, clock });
    const use = (purpose: DocumentRecord['purpose']) =>
      db
        .send(
          new TransactWriteCommand({
            TransactItems: [documents.useDocumentItem(record.id, purpose, { type: 'proposal', id: 'p-1' }, new Date().toISOString())],
          }),
        )
        .then(
          () => 'used',
          (error: Error) => error.name,
        );

    expect(await use('proposal.profile')).toBe('TransactionCanceledException');
    expect(await use('proposal.tor')).toBe('used');
    expect(await use('proposal.tor')).toBe('TransactionCanceledException');
    expect(await documents.getDocument(record.id)).toMatchObject({ state: 'USED', usedBy: { type: 'proposal', id: 'p-1' } });
  });
});
