import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The bucket as the documents' code sees it: one object's size, its bytes, a copy, a removal. */
export interface DocumentStorage {
  /** The object's size, or undefined when there is none under `key`. */
  sizeOf(key: string): Promise<number | undefined>;
  /** The object's bytes, or undefined when it is gone (another check took it meanwhile). */
  read(key: string): Promise<Uint8Array | undefined>;
  copy(from: string, to: string, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
}

const isMissing = (error: unknown) => ['NotFound', 'NoSuchKey'].includes((error as { name?: string }).name ?? '');

/** The documents' bucket through the S3 API. */
export function s3DocumentStorage(client: S3Client, bucket: string): DocumentStorage {
  return {
    async sizeOf(key) {
      try {
        return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(key) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Body ? await Body.transformToByteArray() : new Uint8Array();
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async copy(from, to, contentType) {
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: to,
          CopySource: `${bucket}/${from}`,
          // The stored type is the declared one, checked: a download serves it as it is.
          ContentType: contentType,
          MetadataDirective: 'REPLACE',
        }),
      );
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
