import { Stage, Tags, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RegistryEntry } from '#switchboard/registry';
import { stagePrefix, type StageConfig } from './config/stages.js';
import { ApiStack } from './stacks/api-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.js';
import { FrontendStack } from './stacks/frontend-stack.js';
import { NetworkStack } from './stacks/network-stack.js';
import { ObservabilityStack } from './stacks/observability-stack.js';

export interface SwitchboardStageProps extends StageProps {
  readonly config: StageConfig;
  readonly lambdasDir: string;
  readonly webDir?: string;
  /** The module registry (default: libs/registry). */
  readonly registry?: readonly RegistryEntry[];
}

/** One deployable copy of Switchboard: the six stacks of a stage (the edge's in us-east-1), wired together. */
export class SwitchboardStage extends Stage {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly edge: EdgeStack;
  readonly frontend: FrontendStack;
  readonly api: ApiStack;
  readonly observability: ObservabilityStack;

  constructor(scope: Construct, id: string, props: SwitchboardStageProps) {
    const { config } = props;
    super(scope, id, { ...props, env: { account: config.account, region: config.region } });
    const name = stagePrefix(config);
    // `appenv` scopes the developers' tag-based permissions (account baseline).
    Tags.of(this).add('app', 'switchboard');
    Tags.of(this).add('appenv', config.name);

    this.network = new NetworkStack(this, 'Network', { stackName: `${name}-network`, stage: config });
    this.data = new DataStack(this, 'Data', {
      stackName: `${name}-data`,
      stage: config,
      network: this.network,
      terminationProtection: config.name === 'production',
    });
    this.api = new ApiStack(this, 'Api', {
      stackName: `${name}-api`,
      stage: config,
      network: this.network,
      data: this.data,
      lambdasDir: props.lambdasDir,
      registry: props.registry,
      // The console reaches the API on its own origin (the distribution's /v1/*): no CORS for it.
      webOrigins: [...config.extraWebOrigins],
    });
    // The web ACL of a distribution must be in us-east-1: its ARN crosses regions through SSM (CDK cross-region references).
    this.edge = new EdgeStack(this, 'Edge', {
      stackName: `${name}-edge`,
      stage: config,
      env: { account: config.account, region: EDGE_REGION },
      crossRegionReferences: true,
    });
    this.frontend = new FrontendStack(this, 'Frontend', {
      stackName: `${name}-frontend`,
      stage: config,
      api: this.api.api,
      webDir: props.webDir,
      originSecret: this.data.originSecret,
      webAclArn: this.edge.webAcl.attrArn,
      crossRegionReferences: true,
    });
    this.observability = new ObservabilityStack(this, 'Observability', { stackName: `${name}-observability`, stage: config, api: this.api, data: this.data });
  }
}
