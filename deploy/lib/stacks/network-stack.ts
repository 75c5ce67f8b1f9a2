import { Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.js';
import { acknowledge } from '../nag.js';

export interface NetworkStackProps extends StackProps {
  readonly stage: StageConfig;
}

/**
 * The VPC over two AZs (public subnets with NAT, private subnets for functions,
 * isolated subnets for data), the functions' security group (HTTPS out only; the data
 * stack opens proxy:5432 and Redis:6379 to it) and the interface endpoints.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  readonly functionsSg: ec2.SecurityGroup;

  /**
   * The region's first two AZs, resolved by CloudFormation (as in an environment-agnostic
   * stack). The stack is bound to its stage's account, and CDK would otherwise look the
   * zones up at synth, which needs that account's credentials (the pipelines synthesize
   * in the delivery account).
   */
  override get availabilityZones(): string[] {
    return [0, 1].map((i) => Fn.select(i, Fn.getAzs()));
  }

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: stage.network.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'functions', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: stage.functions.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    this.functionsSg = new ec2.SecurityGroup(this, 'FunctionsSg', { vpc: this.vpc, description: 'Switchboard functions', allowAllOutbound: false });
    // Auth0 JWKS (through NAT) and the AWS APIs (through the endpoints) are HTTPS.
    this.functionsSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: AWS APIs and the Auth0 JWKS');
    const endpointsSg = new ec2.SecurityGroup(this, 'EndpointsSg', { vpc: this.vpc, description: 'Interface VPC endpoints', allowAllOutbound: false });
    endpointsSg.addIngressRule(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    acknowledge(endpointsSg, ['EC23', "Ingress is the VPC's own CIDR on 443 only; cdk-nag cannot resolve the CIDR token and assumes the worst"]);

    const endpoints = {
      Ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
      XRay: ec2.InterfaceVpcEndpointAwsService.XRAY,
    };
    for (const [name, service] of Object.entries(endpoints)) {
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [endpointsSg],
        privateDnsEnabled: true,
      });
    }
  }
}
