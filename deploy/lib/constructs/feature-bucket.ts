import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcards, acknowledge } from '../nag.js';
import type { NestFunction } from './nest-function.js';

/** Days an object is kept: files a feature writes for download (exports), which a new request re-creates. */
export const BUCKET_OBJECT_DAYS = 7;

export interface FeatureBucketProps {
  /** The registry's bucket name (`exports`), for descriptions and statement ids. */
  readonly name: string;
}

/**
 * An S3 bucket a registry entry names in `buckets`: private (public access blocked,
 * TLS only, S3-managed encryption, owner-enforced), objects expire after
 * BUCKET_OBJECT_DAYS and unfinished multipart uploads after a day. It holds derived,
 * short-lived files, so it sits with the functions that use it rather than with the
 * database; it is retained on removal so a replacement never fails on a non-empty bucket.
 */
export class FeatureBucket extends Construct {
  readonly bucket: s3.Bucket;
  private readonly sid: string;

  constructor(scope: Construct, id: string, props: FeatureBucketProps) {
    super(scope, id);
    this.sid = `${props.name.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase())}BucketObjects`;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(BUCKET_OBJECT_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, [
      'S1',
      `The ${props.name} bucket holds files the API itself wrote; every read is through a presigned URL the API logs when it hands it out`,
    ]);
  }

  /**
   * Read and write its objects: the worker uploads (in parts), and the HTTP function
   * signs GET links with its own role, so the role must be allowed to read.
   */
  grantObjects(fn: NestFunction): void {
    const statement = new iam.PolicyStatement({
      sid: this.sid,
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      resources: [this.bucket.arnForObjects('*')],
    });
    fn.function.addToRolePolicy(statement);
    acknowledgeWildcards(fn, Stack.of(this), [statement], {
      [this.sid]: 'Object keys are generated per file at run time; the wildcard stays inside this one bucket',
    });
  }
}
