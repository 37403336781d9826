import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TransientError } from '../core/errors';
import type { ReportStore } from '../core/ports';

/** Error reports in the deployment's results bucket (never a customer's bucket). */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Stores the report; 5xx, throttling and network failures become `TransientError`. */
  async put(key: string, body: string, contentType: string): Promise<string> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
        }),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
        ?.httpStatusCode;
      if (status === undefined || status >= 500 || status === 429) {
        throw new TransientError(
          `The error report ${key} could not be stored in bucket ${this.bucket} (${(error as Error).name}); it will be retried.`,
          error,
        );
      }
      throw error;
    }
    return key;
  }
}
