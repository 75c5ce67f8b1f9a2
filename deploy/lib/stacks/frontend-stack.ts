import { existsSync } from 'node:fs';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { contentSecurityPolicy } from '../../../libs/platform/src/http/content-security-policy.js';
import type { StageConfig } from '../config/stages.js';
import { acknowledge, acknowledgeSingletons, REASONS } from '../nag.js';

export interface FrontendStackProps extends StackProps {
  readonly stage: StageConfig;
  /** The stage's HTTP API, served under `/v1/*` on the console's own origin. */
  readonly api: apigwv2.IHttpApi;
  /** The agent console's build (apps/web/dist); a placeholder page is deployed while it does not exist. */
  readonly webDir?: string;
  /** The origin secret (JSON `header`): CloudFront sends it to the API as X-Origin-Verify. */
  readonly originSecret: secretsmanager.ISecret;
  /** ARN of the stage's WAF web ACL (CLOUDFRONT scope, us-east-1: EdgeStack). */
  readonly webAclArn: string;
}

/** The header CloudFront adds to API requests (libs/lambda edge-origin.ts reads it). */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/**
 * Viewer headers the API reads, forwarded to it besides Authorization (in the
 * cache policy: an origin request policy may not name it) and the address
 * CloudFront saw (the per-IP rate limit's key). A new header a feature reads
 * must be added here.
 */
export const API_VIEWER_HEADERS = [
  'Accept',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'X-Request-Id',
  'X-Switchboard-Signature',
  'CloudFront-Viewer-Address',
];

/** The stage console's Content-Security-Policy: the one the one-process server sends (libs/platform). */
export function stageContentSecurityPolicy(stage: StageConfig): string {
  return contentSecurityPolicy({ identityOrigin: stage.auth.issuerUrl });
}

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard</title></head>
<body><h1>Switchboard</h1><p>The agent console has not been built into this stage yet.</p></body></html>
`;

/**
 * Client-side routes (paths without a file extension) get the SPA shell. A
 * viewer-request function rather than the distribution's error responses,
 * which would also turn the API's own 403s and 404s into the shell.
 */
export const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  if (!/\\.[A-Za-z0-9]+$/.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The agent console: a private bucket behind CloudFront (origin access control,
 * security headers), with the stage's HTTP API under `/v1/*` on the same
 * origin, so the console's default build (API on its own origin) works as
 * deployed, without CORS.
 */
export class FrontendStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: FrontendStackProps) {
    super(scope, id, props);
    const { stage } = props;

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(stage.functions.logRetentionDays) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Switchboard ${stage.name} security headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        contentSecurityPolicy: {
          // Its own origin (the API is under /v1 there) and Auth0: no execute-api host.
          contentSecurityPolicy: stageContentSecurityPolicy(stage),
          override: true,
        },
      },
    });
    const spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      comment: 'Client-side routes get index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTING_CODE),
    });
    // The HTTP API's $default stage: https://<api id>.execute-api.<region>.amazonaws.com
    const api = new origins.HttpOrigin(`${props.api.apiId}.execute-api.${this.region}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: {
        // A dynamic reference: CloudFormation resolves it at deploy, the template never holds the value.
        [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValueFromJson('header').unsafeUnwrap(),
        // Changing it (stages.ts) is what makes CloudFormation resolve the secret again after a rotation.
        'X-Origin-Verify-Generation': String(stage.edge.originSecretGeneration),
      },
    });
    // Authorization is part of the key (per user) and responses are never kept: the API sends no cache headers, so TTL 0.
    const apiCache = new cloudfront.CachePolicy(this, 'ApiCache', {
      comment: `Switchboard ${stage.name} API: forwards Authorization, caches nothing the API does not ask for`,
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const apiRequest = new cloudfront.OriginRequestPolicy(this, 'ApiRequest', {
      comment: `Switchboard ${stage.name} API: the headers it reads and the viewer's address`,
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_VIEWER_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Switchboard ${stage.name} agent console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // The API's own headers, Authorization and CloudFront-Viewer-Address reach it; Host stays API Gateway's own.
        '/v1/*': {
          origin: api,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCache,
          originRequestPolicy: apiRequest,
          responseHeadersPolicy: headers,
        },
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });

    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'The agent console' });
    const source = props.webDir && existsSync(props.webDir) ? s3deploy.Source.asset(props.webDir) : s3deploy.Source.data('index.html', PLACEHOLDER);
    const deployment = new s3deploy.BucketDeployment(this, 'DeploySite', {
      sources: [source],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });

    acknowledge(this.distribution, ['CFR1', 'The console serves agents wherever the tenant operates; access is controlled by Auth0 sign-in, not geography']);
    acknowledge(this.distribution, [
      'CFR4',
      'The default *.cloudfront.net certificate cannot pin a minimum TLS version; set TLSv1.2_2021 when a custom domain is attached (docs/deploy.md)',
    ]);
    acknowledge(logs, ['S1', 'This is the access-log bucket itself; logging it into itself would loop']);
    void deployment;
    acknowledgeSingletons(
      this,
      'Custom::CDKBucketDeployment',
      ['IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', REASONS.cdkProviderRole],
      ['IAM5[Resource::*]', REASONS.cdkProviderRole],
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a): [string, string] => [
        `IAM5[Action::${a}]`,
        'BucketDeployment copies the console build into its own bucket; CDK grants the object-level read/write it needs',
      ]),
      [
        `IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}-${this.region}/*]`,
        'Reads the console build from the CDK bootstrap asset bucket',
      ],
      [
        `IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        'Writes the console build into the site bucket (objects only)',
      ],
      ['L1', REASONS.cdkSingletonFunction],
    );
  }
}
