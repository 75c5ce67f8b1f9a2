import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, CfnResource, Validations, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { MODULE_REGISTRY, type RegistryEntry } from '#switchboard/registry';
import { writePlaceholderBundles } from '../../lib/bundles.js';
import type { StageName } from '../../lib/config/stages.js';
import { buildSwitchboardApp, type SwitchboardApp } from '../../lib/switchboard-app.js';

/** The feature flags of deploy/cdk.json: the CLI applies them, so tests must too. */
export function cdkJsonContext(): Record<string, unknown> {
  const file = resolve(import.meta.dirname, '../../cdk.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { context: Record<string, unknown> }).context;
}

export interface Violation {
  ruleName: string;
  paths: string[];
}

export interface Synthesized extends SwitchboardApp {
  readonly app: App;
  readonly assembly?: CloudAssembly;
  /** Why the synth failed (cdk-nag findings fail it), if it did. */
  readonly error?: Error;
  /** Unacknowledged findings from the validation report (empty when clean). */
  readonly violations: Violation[];
  readonly registry: readonly RegistryEntry[];
}

/**
 * Builds and synthesizes the app as `cdk synth` does (same context, nag included),
 * against placeholder bundles in a temp folder. Call once per test file (beforeAll).
 */
export function synthesize(
  options: { stages?: StageName[]; registry?: readonly RegistryEntry[]; baseline?: boolean; context?: Record<string, unknown> } = {},
): Synthesized {
  const registry = options.registry ?? MODULE_REGISTRY;
  const lambdasDir = writePlaceholderBundles(mkdtempSync(join(tmpdir(), 'switchboard-lambdas-')), registry);
  const outdir = mkdtempSync(join(tmpdir(), 'switchboard-cdk-out-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), ...options.context } });
  const built = buildSwitchboardApp(app, { lambdasDir, stages: options.stages, registry, baseline: options.baseline });
  let assembly: CloudAssembly | undefined;
  let error: Error | undefined;
  try {
    assembly = app.synth();
  } catch (e) {
    error = e as Error;
  }
  return { ...built, app, assembly, error, violations: readViolations(outdir), registry };
}

function readViolations(outdir: string): Violation[] {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: Array<{ violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
  };
  return report.pluginReports.flatMap((p) => p.violations.map((v) => ({ ruleName: v.ruleName, paths: v.violatingConstructs.map((c) => c.constructPath) })));
}

/** Every acknowledgement in the tree: construct path, finding id, reason. */
export function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
    );
}

export const template = (stack: Stack): Template => Template.fromStack(stack);

/** A statement of an IAM policy document, as synthesized. */
export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** A CodePipeline action, as synthesized. */
export interface PipelineAction {
  Name: string;
  ActionTypeId: { Category: string; Owner: string; Provider: string; Version: string };
  Configuration?: Record<string, unknown>;
}

/**
 * The shape of the properties the tests read, by resource type (CloudFormation's
 * names). Other properties, and the resources of other types, are plain JSON
 * the tests compare with matchers.
 */
interface KnownProperties {
  'AWS::ApiGatewayV2::Route': {
    RouteKey: string;
    /** `integrations/<integration>`, as CDK joins it. */
    Target: { 'Fn::Join': [string, [string, { Ref: string }]] };
    AuthorizationType?: string;
  };
  'AWS::CloudFront::Distribution': {
    DistributionConfig: {
      CacheBehaviors: Array<{ TargetOriginId: string } & Record<string, unknown>>;
      Origins: Array<{ Id: string; DomainName: unknown; CustomOriginConfig?: Record<string, unknown> }>;
      DefaultCacheBehavior: Record<string, unknown>;
      CustomErrorResponses?: unknown[];
    };
  };
  'AWS::CloudWatch::Alarm': { Namespace?: string; MetricName?: string; ExtendedStatistic?: string; AlarmActions?: unknown[] };
  'AWS::CodeBuild::Project': { Source: { BuildSpec?: string }; Environment: { EnvironmentVariables?: Array<{ Name: string; Value: string }> } };
  'AWS::CodePipeline::Pipeline': { Stages: Array<{ Name: string; Actions: PipelineAction[] }> };
  'AWS::EC2::SecurityGroupEgress': { FromPort: number };
  'AWS::EC2::SecurityGroupIngress': { FromPort: number };
  'AWS::IAM::ManagedPolicy': { PolicyDocument: { Statement: PolicyStatement[] } };
  'AWS::IAM::Policy': { Roles?: Array<{ Ref: string }>; PolicyDocument: { Statement: PolicyStatement[] } };
  'AWS::Lambda::Alias': { ProvisionedConcurrencyConfig?: { ProvisionedConcurrentExecutions: number } };
  'AWS::Lambda::Function': { Description?: string; Environment: { Variables: Record<string, string> }; LoggingConfig: { LogGroup: unknown } };
  'AWS::Logs::MetricFilter': { FilterPattern: string; MetricTransformations: Array<{ MetricName: string } & Record<string, unknown>> };
  'AWS::S3::Bucket': { LifecycleConfiguration: { Rules: unknown[] } };
  'AWS::SQS::Queue': { SqsManagedSseEnabled?: boolean; RedrivePolicy?: { maxReceiveCount: number } };
  'AWS::SSM::Parameter': { Name: string };
}

/** The properties of a resource of `type`: the known ones typed, any other as JSON. */
export type PropertiesOf<T extends string> = (T extends keyof KnownProperties ? KnownProperties[T] : unknown) & Record<string, unknown>;

/** Resources of one type in a template, by logical id. */
export function resourcesOf<T extends string>(t: Template, type: T): Record<string, { Properties: PropertiesOf<T>; DependsOn?: string[] }> {
  return t.findResources(type) as Record<string, { Properties: PropertiesOf<T>; DependsOn?: string[] }>;
}

/** Logical id of a construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const cfn = CfnResource.isCfnResource(construct) ? construct : (construct.node.defaultChild as CfnResource);
  return cfn.stack.getLogicalId(cfn);
}
