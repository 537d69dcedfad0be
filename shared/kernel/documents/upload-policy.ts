import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';

type Condition = NonNullable<Parameters<typeof createPresignedPost>[1]['Conditions']>[number];

/**
 * The signed POST policy of one upload: a plain HTML form (`enctype="multipart/form-data"`)
 * whose action is the bucket can post exactly one object, under the key Sinergi chose, of the
 * declared content type, between 1 byte and the purpose's maximum, until the policy expires,
 * and S3 then sends the browser back to `redirect` (303 with `bucket`, `key` and `etag` added).
 * S3 enforces every condition of it; the local engine enforces none, so what is stored is
 * checked again after the upload whatever the engine did.
 */
export interface UploadPolicy {
  bucket: string;
  key: string;
  contentType: string;
  maxBytes: number;
  /** Where S3 sends the browser once the object is stored: Sinergi's page of the next step. */
  redirect: string;
  expiresInSeconds: number;
}

/**
 * The conditions of an upload's policy besides its fields: the size. The SDK makes each field
 * an exact condition (the bucket, the key, the content type, the redirect) and adds its signing
 * fields.
 */
export function uploadConditions(policy: Pick<UploadPolicy, 'maxBytes'>): Condition[] {
  return [['content-length-range', 1, policy.maxBytes]];
}

/** The form's action and fields for one upload, signed with the function's credentials. */
export function uploadForm(client: S3Client, policy: UploadPolicy): Promise<PresignedPost> {
  return createPresignedPost(client, {
    Bucket: policy.bucket,
    Key: policy.key,
    Conditions: uploadConditions(policy),
    Fields: { 'Content-Type': policy.contentType, success_action_redirect: policy.redirect },
    Expires: policy.expiresInSeconds,
  });
}
