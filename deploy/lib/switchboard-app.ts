import { Annotations, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfig, sharedAccountProblem, STAGE_NAMES, type StageName } from './config/stages.js';
import { resolveAccountBaseline } from './config/account.js';
import { AccountBaselineStack } from './stacks/account-baseline-stack.js';
import { PipelineStack } from './stacks/pipeline-stack.js';
import type { SwitchboardStage } from './switchboard-stage.js';
import type { RegistryEntry } from '#switchboard/registry';

export interface SwitchboardAppOptions {
  /** Folder with one bundle folder per function (normally `<repo>/dist/lambdas`). */
  readonly lambdasDir: string;
  /** The agent console's build (normally `<repo>/apps/web/dist`). */
  readonly webDir?: string;
  /** Which stages to build (default: all three). */
  readonly stages?: readonly StageName[];
  /** The module registry (default: libs/registry; tests pass an extended copy). */
  readonly registry?: readonly RegistryEntry[];
  /** Include the account baseline stack (default: true). */
  readonly baseline?: boolean;
}

export interface SwitchboardApp {
  readonly pipelines: Partial<Record<StageName, PipelineStack>>;
  readonly stages: Partial<Record<StageName, SwitchboardStage>>;
  readonly baseline?: AccountBaselineStack;
}

/**
 * The whole CDK app: the account baseline (deployed once per account, by hand), one
 * pipeline stack per stage (its branch → its stage) holding the stage it deploys, and
 * cdk-nag AwsSolutions over all of it (a finding not acknowledged with a reason fails
 * the synth).
 */
export function buildSwitchboardApp(app: App, options: SwitchboardAppOptions): SwitchboardApp {
  const { stages: configs, pipeline } = resolveConfig((key) => app.node.tryGetContext(key));
  const result: { -readonly [K in keyof SwitchboardApp]: SwitchboardApp[K] } = { pipelines: {}, stages: {} };
  if (options.baseline ?? true) {
    const config = resolveAccountBaseline((key) => app.node.tryGetContext(key));
    result.baseline = new AccountBaselineStack(app, 'switchboard-account-baseline', { env: { region: config.region }, config });
  }
  for (const name of options.stages ?? STAGE_NAMES) {
    const stage = configs[name];
    const stack = new PipelineStack(app, `switchboard-${name}-pipeline`, {
      // The pipeline runs in its delivery account and deploys into the stage's account (bootstrap trust).
      env: { account: stage.delivery.account, region: stage.region },
      stage,
      pipeline,
      lambdasDir: options.lambdasDir,
      webDir: options.webDir,
      registry: options.registry,
    });
    result.pipelines[name] = stack;
    result.stages[name] = stack.stage;
  }
  const problem = sharedAccountProblem(configs);
  if (problem) {
    const warning = `NOT AN ACCOUNT PER STAGE: ${problem}. Fine for a trial, never for real traffic: a development push could change production (docs/deploy.md, "Accounts").`;
    for (const stack of Object.values(result.pipelines)) Annotations.of(stack).addWarningV2('switchboard:single-account', warning);
    process.stderr.write(`\n${'!'.repeat(100)}\n!! ${warning}\n${'!'.repeat(100)}\n\n`);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return result;
}
