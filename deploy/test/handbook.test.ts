import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { STAGE_NAMES } from '../lib/config/stages.js';

/**
 * Every command in the operations handbook must work against this repository: the
 * `sh offline` blocks run here for real; every other command is checked against the
 * repository (npm scripts, files, stack names, stack outputs, resource types and ids).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const PAGES = [...readdirSync(join(ROOT, 'docs/handbook')).map((f) => `docs/handbook/${f}`), 'docs/deploy.md'];
const REVIEW = '/tmp/switchboard-review';

interface Block {
  page: string;
  offline: boolean;
  /** Commands, continuation lines joined. */
  commands: string[];
  source: string;
}

const blocks: Block[] = PAGES.flatMap((page) => {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/^ *```sh( offline)?\n([\s\S]*?)^ *```/gm)].map((m) => ({
    page,
    offline: Boolean(m[1]),
    source: m[2].replace(/^ {3}/gm, ''),
    commands: m[2]
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  }));
});
const commands = blocks.flatMap((b) => b.commands.map((c) => ({ page: b.page, c })));

function sh(script: string): { status: number | null; out: string } {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

// The offline blocks, run once; the base assembly stands for the pull request's base branch,
// which differs by one setting (the Auth0 audience) so the review has something to show.
let offline: Array<{ block: Block; status: number | null; out: string }>;
let assembly: CloudAssembly;
beforeAll(() => {
  rmSync(REVIEW, { recursive: true, force: true });
  const base = sh(`npm run cdk:synth -- --placeholder-bundles -c stages=development -c development.authAudience=https://old.example -o ${REVIEW}/base.out`);
  if (base.status !== 0) throw new Error(`base synth failed:\n${base.out}`);
  offline = blocks.filter((b) => b.offline).map((block) => ({ block, ...sh(block.source) }));
  assembly = new CloudAssembly(`${REVIEW}/head.out`);
});

describe('offline blocks', () => {
  it('exist and all succeed', () => {
    expect(offline.length).toBeGreaterThan(0);
    for (const r of offline) expect([r.block.page, r.status, r.status === 0 ? '' : r.out]).toEqual([r.block.page, 0, '']);
  });

  it('review shows the infrastructure difference between the two commits', () => {
    const review = offline.map((r) => r.out).join('\n');
    expect(review).toContain('switchboard-development-api');
    expect(review).toContain('AWS::ApiGatewayV2::Authorizer');
    expect(review).toMatch(/\[-\]\s+"https:\/\/old\.example"/);
    // The audience reaches two stacks: the API's JWT authorizer, and the pipeline's
    // build of the console (VITE_AUTH0_AUDIENCE).
    expect(review).toContain('switchboard-development-pipeline');
    expect(review).toMatch(/\b2 of \d+ stacks differ/);
  });
});

describe('every other command matches the repository', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const kinds = ['network', 'data', 'api', 'edge', 'frontend', 'observability'] as const;
  const stackNames = new Set([
    'switchboard-account-baseline',
    ...STAGE_NAMES.flatMap((s) => [`switchboard-${s}-pipeline`, ...kinds.map((k) => `switchboard-${s}-${k}`)]),
  ]);
  const expand = (text: string) => STAGE_NAMES.map((s) => text.replace(/\$STAGE/g, s).replace(/<stage>/g, s));
  /** The development template standing for a stack name of any stage. */
  const templateOf = (stackName: string) => {
    const dev = stackName.replace(/^switchboard-(development|staging|production)-/, 'switchboard-development-');
    const stack = assembly.stacksRecursively.find((s) => s.stackName === dev);
    if (!stack) throw new Error(`${stackName} is not in the synthesized app`);
    return stack.template as { Resources: Record<string, { Type: string }>; Outputs?: Record<string, unknown> };
  };

  it('uses only npm scripts that exist', () => {
    const used = commands.flatMap(({ page, c }) => [...c.matchAll(/npm run ([\w:-]+)/g)].map((m) => ({ page, script: m[1] })));
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((u) => !(u.script in scripts))).toEqual([]);
  });

  it('names only stacks the app defines', () => {
    const named = commands.flatMap(({ page, c }) => [...c.matchAll(/--stack-name (\S+)/g)].flatMap((m) => expand(m[1]).map((name) => ({ page, name }))));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((n) => !stackNames.has(n.name))).toEqual([]);
  });

  it('names only pipelines the app defines', () => {
    const pipelines = new Set(
      assembly.stacksRecursively.flatMap((s) =>
        Object.values((s.template as { Resources: Record<string, { Type: string; Properties: { Name?: string } }> }).Resources)
          .filter((r) => r.Type === 'AWS::CodePipeline::Pipeline')
          .map((r) => r.Properties.Name),
      ),
    );
    expect(pipelines).toEqual(new Set(['switchboard-development']));
    const named = commands.flatMap(({ c }) => [...c.matchAll(/--(?:pipeline-)?name (switchboard-\S+)/g)].flatMap((m) => expand(m[1])));
    expect(named.length).toBeGreaterThan(3);
    for (const name of named) expect(STAGE_NAMES.map((s) => `switchboard-${s}`)).toContain(name);
  });

  it('reads only outputs, resource types and logical ids the stacks have', () => {
    let checked = 0;
    for (const { c } of commands) {
      const stack = c.match(/--stack-name (\S+)/)?.[1];
      if (!stack) continue;
      const t = templateOf(expand(stack)[0]);
      for (const [, key] of c.matchAll(/OutputKey=='(\w+)'/g)) {
        expect([stack, key, Object.keys(t.Outputs ?? {}).some((o) => o === key)]).toEqual([stack, key, true]);
        checked++;
      }
      for (const [, type] of c.matchAll(/ResourceType=='([\w:]+)'/g)) {
        expect([stack, type, Object.values(t.Resources).some((r) => r.Type === type)]).toEqual([stack, type, true]);
        checked++;
      }
      for (const [, prefix] of c.matchAll(/starts_with\(LogicalResourceId, '(\w+)'\)/g)) {
        expect([stack, prefix, Object.keys(t.Resources).some((id) => id.startsWith(prefix))]).toEqual([stack, prefix, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('points only at files and pages that exist', () => {
    const paths = commands.flatMap(({ c }) => [...c.matchAll(/(?:^|\s)((?:deploy|docs|libs|apps|scripts)\/[\w./-]+\.\w+)/g)].map((m) => m[1]));
    const links = PAGES.flatMap((page) =>
      [...readFileSync(join(ROOT, page), 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
        .map((m) => m[1])
        .filter((l) => !/^https?:/.test(l))
        .map((l) => join(dirname(page), l)),
    );
    const mentioned = PAGES.flatMap((page) =>
      [...readFileSync(join(ROOT, page), 'utf8').matchAll(/`((?:deploy|libs|apps)\/[\w./-]+\.(?:ts|json|md))`/g)].map((m) => m[1]),
    );
    // Files the pages tell you to create.
    const created = new Set(['deploy/cdk.context.json']);
    const all = [...paths, ...links, ...mentioned].filter((p) => !created.has(p));
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });
});
