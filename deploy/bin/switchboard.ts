#!/usr/bin/env node
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { STAGE_NAMES, type StageName } from '../lib/config/stages.js';
import { buildSwitchboardApp } from '../lib/switchboard-app.js';

// Paths are relative to the repository root, whatever folder the CLI runs in.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) as string | undefined;
// `-c stages=development` synthesizes one stage's pipeline only (faster local diffs).
const stages = context('stages')
  ?.split(',')
  .map((s) => s.trim()) as StageName[] | undefined;
const unknown = stages?.filter((s) => !(STAGE_NAMES as readonly string[]).includes(s)) ?? [];
if (unknown.length > 0) throw new Error(`Unknown stage(s) ${unknown.join(', ')}; known: ${STAGE_NAMES.join(', ')}`);

buildSwitchboardApp(app, {
  lambdasDir: resolve(root, context('lambdasDir') ?? 'dist/lambdas'),
  webDir: resolve(root, context('webDir') ?? 'apps/web/dist'),
  stages,
});
app.synth();
