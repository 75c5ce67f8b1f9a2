import { Match, type Template } from 'aws-cdk-lib/assertions';
import { SPA_ROUTING_CODE } from '../lib/stacks/frontend-stack.js';
import { STAGE_NAMES, STAGES } from '../lib/config/stages.js';
import { acknowledgements, resourcesOf, synthesize, template, type PropertiesOf, type Synthesized } from './support/synth.js';

// The whole app, as `npm run cdk:synth` builds it: three pipelines, each with its stage.
let app: Synthesized;
beforeAll(() => {
  app = synthesize();
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding in any stage or pipeline', () => {
    expect(app.violations).toEqual([]);
    expect(app.error).toBeUndefined();
    // Besides: CodePipeline's support stacks for the edge region, one per pipeline account (development and staging share one).
    expect(app.assembly?.stacks.map((s) => s.stackName).sort()).toEqual(
      [
        'switchboard-account-baseline',
        ...STAGE_NAMES.map((s) => `switchboard-${s}-pipeline`),
        'switchboard-development-pipeline-support-us-east-1',
        'switchboard-production-pipeline-support-us-east-1',
      ].sort(),
    );
  });

  it('gives a reason with every acknowledgement', () => {
    // aws-cdk-lib acknowledges some CloudFormation-Validate warnings of its own; ours are the AwsSolutions ones.
    const acks = acknowledgements(app.app).filter((a) => a.id.startsWith('AwsSolutions::'));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+/);
      expect(ack.reason.trim().length).toBeGreaterThanOrEqual(20);
    }
  });
});

it('creates no IAM user and no access key anywhere: people use groups with MFA, workloads use roles', () => {
  const types = app.assembly!.stacksRecursively.flatMap((s) =>
    Object.values((s.template as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type),
  );
  expect(types.length).toBeGreaterThan(500);
  expect(types.filter((type) => type === 'AWS::IAM::User' || type === 'AWS::IAM::AccessKey')).toEqual([]);
});

describe('stage config', () => {
  const stack = (stage: (typeof STAGE_NAMES)[number], which: 'network' | 'data' | 'api' | 'frontend' | 'observability'): Template =>
    template(app.stages[stage]![which]);

  it.each(STAGE_NAMES)('%s runs in us-west-2 with its own stack names', (stage) => {
    const s = app.stages[stage]!;
    expect(s.region).toBe('us-west-2');
    expect([s.network, s.data, s.api, s.frontend, s.observability].map((x) => x.stackName)).toEqual(
      ['network', 'data', 'api', 'frontend', 'observability'].map((n) => `switchboard-${stage}-${n}`),
    );
  });

  it('has one NAT gateway outside production and one per AZ in production', () => {
    stack('development', 'network').resourceCountIs('AWS::EC2::NatGateway', 1);
    stack('staging', 'network').resourceCountIs('AWS::EC2::NatGateway', 1);
    stack('production', 'network').resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  it.each(STAGE_NAMES)('%s sizes Aurora, backups and provisioned concurrency from its config', (stage) => {
    const cfg = STAGES[stage];
    const data = stack(stage, 'data');
    data.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: cfg.database.minAcu, MaxCapacity: cfg.database.maxAcu },
      DeletionProtection: cfg.database.deletionProtection,
    });
    data.resourceCountIs('AWS::RDS::DBInstance', 1 + cfg.database.readers);
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 8 * * ? *)', Lifecycle: { DeleteAfterDays: cfg.backup.retentionDays } })] },
    });
    const aliases = Object.values(resourcesOf(stack(stage, 'api'), 'AWS::Lambda::Alias'));
    const provisioned = aliases.map((a) => a.Properties.ProvisionedConcurrencyConfig?.ProvisionedConcurrentExecutions ?? 0);
    expect(Math.max(...provisioned)).toBe(cfg.functions.provisionedConcurrency);
  });

  it('protects the production database from deletion, and only there', () => {
    expect(STAGE_NAMES.filter((s) => STAGES[s].database.deletionProtection)).toEqual(['production']);
    expect(app.stages.production!.data.terminationProtection).toBe(true);
  });
});

describe('network stack', () => {
  let network: Template;
  beforeAll(() => {
    network = template(app.stages.production!.network);
  });

  it('spans two AZs with public, function and isolated data subnets', () => {
    network.resourceCountIs('AWS::EC2::Subnet', 6);
    network.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  it('has interface endpoints for SSM, Secrets Manager, SQS and X-Ray', () => {
    const services = Object.values(resourcesOf(network, 'AWS::EC2::VPCEndpoint')).map((e) => JSON.stringify(e.Properties.ServiceName));
    for (const service of ['.ssm', '.secretsmanager', '.sqs', '.xray']) {
      expect(services.some((s) => s.includes(service))).toBe(true);
    }
  });

  it('lets functions out on HTTPS only, and into the proxy and Redis only', () => {
    const data = template(app.stages.production!.data);
    network.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Switchboard functions',
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: Match.anyValue() }],
    });
    const egress = Object.values(resourcesOf(data, 'AWS::EC2::SecurityGroupEgress')).map((r) => r.Properties);
    const fromFunctions = egress.filter((e) => JSON.stringify(e.GroupId).includes('FunctionsSg'));
    expect(fromFunctions.map((e) => e.FromPort).sort()).toEqual([5432, 6379]);
    const ingress = Object.values(resourcesOf(data, 'AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    const fromFunctionsIn = ingress.filter((i) => JSON.stringify(i.SourceSecurityGroupId ?? '').includes('FunctionsSg'));
    expect(fromFunctionsIn.map((i) => i.FromPort).sort()).toEqual([5432, 6379]);
  });
});

describe('frontend stack', () => {
  it('serves a private bucket through CloudFront with origin access control and security headers', () => {
    const frontend = template(app.stages.production!.frontend);
    frontend.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    frontend.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    frontend.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'") }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      },
    });
    frontend.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
    frontend.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });

  it("serves the stage API under /v1/* on the console origin, uncached, with the API's headers, Authorization and the viewer's address but Host", () => {
    const frontend = template(app.stages.production!.frontend);
    const [distribution] = Object.values(resourcesOf(frontend, 'AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig;
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/v1/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: { Ref: expect.stringMatching(/^ApiCache/) },
        OriginRequestPolicyId: { Ref: expect.stringMatching(/^ApiRequest/) },
      }),
    ]);
    // Authorization is in the cache key (an origin request policy may not forward it); nothing is kept unless the API asks.
    frontend.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] } }),
      }),
    });
    frontend.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: Match.arrayWith(['Content-Type', 'If-Match', 'X-Switchboard-Signature', 'CloudFront-Viewer-Address']),
        },
      }),
    });
    const apiOrigin = config.Origins.find((o) => o.Id === config.CacheBehaviors[0].TargetOriginId)!;
    expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/HttpApi.*execute-api/);
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    // The SPA fallback is a function on the bucket's behaviour: error responses would also rewrite the API's 403/404.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    // The console is same-origin with its API: CORS stays for the stage's extra origins only.
    const api = template(app.stages.production!.api);
    expect(Object.values(resourcesOf(api, 'AWS::ApiGatewayV2::Api'))[0]!.Properties.CorsConfiguration).toBeUndefined();
    api.hasResourceProperties('AWS::SSM::Parameter', { Name: '/switchboard/production/CORS_ORIGINS', Value: 'none' });
    const development = template(app.stages.development!.api);
    development.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:5173'] }) });
  });

  it('routes client-side paths to the SPA shell and leaves files alone', () => {
    const handler = new Function(`${SPA_ROUTING_CODE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
    const uri = (path: string) => handler({ request: { uri: path } }).uri;
    expect([uri('/'), uri('/contacts'), uri('/campaigns/42/next')]).toEqual(['/index.html', '/index.html', '/index.html']);
    expect([uri('/assets/index-3f2a.js'), uri('/favicon.ico'), uri('/index.html')]).toEqual(['/assets/index-3f2a.js', '/favicon.ico', '/index.html']);
  });
});

describe('observability stack', () => {
  let obs: Template;
  let alarms: Array<PropertiesOf<'AWS::CloudWatch::Alarm'>>;
  beforeAll(() => {
    obs = template(app.stages.production!.observability);
    alarms = Object.values(resourcesOf(obs, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  });

  const metrics = () => alarms.map((a) => `${a.Namespace}/${a.MetricName}`);

  it('alarms on every function: errors, throttles and p99 duration', () => {
    const api = app.stages.production!.api;
    const count = api.functions.size + api.workers.size + api.scheduled.size;
    expect(api.scheduled.size).toBeGreaterThan(0);
    expect(metrics().filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(count);
    expect(metrics().filter((m) => m === 'AWS/Lambda/Throttles')).toHaveLength(count);
    expect(alarms.filter((a) => a.MetricName === 'Duration' && a.ExtendedStatistic === 'p99')).toHaveLength(count);
  });

  it('alarms on API 5xx, DLQ depth, queue age, Aurora CPU and connections, and proxy pinning', () => {
    expect(metrics()).toEqual(
      expect.arrayContaining([
        'AWS/ApiGateway/5xx',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateAgeOfOldestMessage',
        'AWS/RDS/CPUUtilization',
        'AWS/RDS/DatabaseConnections',
        'AWS/RDS/DatabaseConnectionsCurrentlySessionPinned',
      ]),
    );
  });

  it('sends every alarm to one encrypted SNS topic and has one dashboard', () => {
    const topics = Object.keys(resourcesOf(obs, 'AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topics[0] }]);
    obs.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    obs.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('pipelines', () => {
  const pipelineOf = (stage: (typeof STAGE_NAMES)[number]) => {
    const t = template(app.pipelines[stage]!);
    const [pipeline] = Object.values(resourcesOf(t, 'AWS::CodePipeline::Pipeline'));
    const actions = pipeline.Properties.Stages.flatMap((s) => s.Actions.map((a) => ({ stage: s.Name, ...a })));
    return { t, actions };
  };

  it.each(STAGE_NAMES)('%s: deploys its branch, from GitHub through a CodeStar connection', (stage) => {
    const { actions } = pipelineOf(stage);
    const source = actions.find((a) => a.ActionTypeId.Provider === 'CodeStarSourceConnection');
    expect(source?.Configuration).toMatchObject({ BranchName: STAGES[stage].branch, FullRepositoryId: expect.stringMatching(/\//) });
    expect(source?.Configuration?.ConnectionArn).toMatch(/^arn:aws:code(star-)?connections:/);
  });

  it('maps development → development, staging → staging, main → production', () => {
    expect(STAGE_NAMES.map((s) => [STAGES[s].branch, s])).toEqual([
      ['development', 'development'],
      ['staging', 'staging'],
      ['main', 'production'],
    ]);
  });

  it.each(STAGE_NAMES)('%s: stops for a manual approval before deploying, outside development', (stage) => {
    const { actions } = pipelineOf(stage);
    const approvals = actions.filter((a) => a.ActionTypeId.Category === 'Approval');
    expect(approvals).toHaveLength(stage === 'development' ? 0 : 1);
    if (approvals.length) {
      const firstDeploy = actions.findIndex((a) => a.ActionTypeId.Provider === 'CloudFormation');
      expect(actions.indexOf(approvals[0])).toBeLessThan(firstDeploy);
    }
  });

  it.each(STAGE_NAMES)('%s: deploys every stack of the stage through change sets', (stage) => {
    const { actions } = pipelineOf(stage);
    const modes = actions
      .filter((a) => a.ActionTypeId.Provider === 'CloudFormation')
      .map((a) => `${String(a.Configuration?.StackName)}:${String(a.Configuration?.ActionMode)}`);
    for (const name of ['network', 'data', 'api', 'frontend', 'observability']) {
      expect(modes).toEqual(expect.arrayContaining([`switchboard-${stage}-${name}:CHANGE_SET_REPLACE`, `switchboard-${stage}-${name}:CHANGE_SET_EXECUTE`]));
    }
  });

  it('builds with npm ci, the tests, the console, build:lambdas (inside cdk:synth) and the synth', () => {
    const t = template(app.pipelines.production!);
    const projects = Object.values(resourcesOf(t, 'AWS::CodeBuild::Project')).map((p) => p.Properties);
    const synth = projects.find((p) => JSON.stringify(p.Source?.BuildSpec ?? '').includes('cdk:synth'));
    const spec = JSON.parse(synth!.Source.BuildSpec as string) as { phases: { build: { commands: string[] } } };
    expect(spec.phases.build.commands).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run build:web',
      'npm run cdk:synth',
    ]);
    expect(synth!.Environment).toMatchObject({ Type: 'ARM_CONTAINER', PrivilegedMode: true });
    // The console is built for the stage's Auth0 SPA application.
    const vars = Object.fromEntries((synth!.Environment.EnvironmentVariables ?? []).map((v) => [v.Name, v.Value]));
    expect(vars).toMatchObject({
      VITE_AUTH0_DOMAIN: 'switchboard.us.auth0.com',
      VITE_AUTH0_AUDIENCE: 'https://api.switchboard.app',
      VITE_AUTH0_CLIENT_ID: expect.any(String),
    });
  });

  it.each(STAGE_NAMES)('%s: sends failures to an SNS topic that AWS Chatbot posts to Slack', (stage) => {
    const { t } = pipelineOf(stage);
    const [topic] = Object.keys(resourcesOf(t, 'AWS::SNS::Topic'));
    t.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
      EventTypeIds: Match.arrayWith(['codepipeline-pipeline-pipeline-execution-failed', 'codepipeline-pipeline-action-execution-failed']),
      Targets: [{ TargetAddress: { Ref: topic }, TargetType: 'SNS' }],
    });
    t.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { SnsTopicArns: [{ Ref: topic }] });
  });
});
