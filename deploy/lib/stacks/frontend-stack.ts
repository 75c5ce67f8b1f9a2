import { existsSync } from 'node:fs';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { acknowledge, acknowledgeSingletons, REASONS } from '../nag.js';

export interface FrontendStackProps extends StackProps {
  readonly stage: StageConfig;
  /** The stage's HTTP API, served under `/v1/*` on the console's own origin. */
  readonly api: apigwv2.IHttpApi;
  /** The agent console's build (apps/web/dist); a placeholder page is deployed while it does not exist. */
  readonly webDir?: string;
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
          // The console calls the stage's API (execute-api) and nothing else off-origin.
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src 'self' https://*.execute-api.${stage.region}.amazonaws.com ${new URL(stage.auth.issuerUrl).origin}`,
            "img-src 'self' data:",
            "style-src 'self' 'unsafe-inline'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
          ].join('; '),
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
        // Never cached; every viewer header but Host (API Gateway answers to its own) reaches the API, Authorization included.
        '/v1/*': {
          origin: api,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
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
      'CFR2',
      'Static assets only: the API has its own throttling; a WAF web ACL (us-east-1 only for CloudFront) can be attached per docs/deploy.md',
    ]);
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
      [`IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${this.region}/*]`, 'Reads the console build from the CDK bootstrap asset bucket'],
      [
        `IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        'Writes the console build into the site bucket (objects only)',
      ],
      ['L1', REASONS.cdkSingletonFunction],
    );
  }
}
