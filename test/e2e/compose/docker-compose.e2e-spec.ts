import { SETTING_KEYS, SETTINGS } from '#switchboard/config';
import { QUEUE_NAMES } from '#switchboard/registry';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { compose, dashboardMetrics, envExample, read, ROOT } from './compose-files.js';

/**
 * No Docker engine runs where these tests run: the stack's files are checked
 * statically here, and compose-dist.e2e-spec.ts runs the built server with the
 * api service's environment against local stand-ins.
 */
describe('docker-compose.yml', () => {
  const file = compose();
  const { services } = file;

  it('defines the backing services, the api and the observability profile', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'grafana', 'postgres', 'prometheus', 'redis', 'sqs']);
    for (const name of ['postgres', 'redis', 'sqs', 'api']) expect(services[name]!.profiles).toBeUndefined();
    for (const name of ['prometheus', 'grafana']) expect(services[name]!.profiles).toEqual(['observability']);
    expect(services.sqs!.image).toMatch(/^softwaremill\/elasticmq-native:/);
  });

  it('publishes ports on loopback only, where .env.example expects them', () => {
    const env = envExample();
    const hostPort = (service: string) => services[service]!.ports!.map((p) => p.split(':'));
    for (const service of Object.values(services)) for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    expect(hostPort('postgres')).toEqual([['127.0.0.1', new URL(env.DATABASE_URL!).port, '5432']]);
    expect(hostPort('redis')).toEqual([['127.0.0.1', new URL(env.REDIS_URL!).port, '6379']]);
    expect(hostPort('sqs')).toEqual([['127.0.0.1', new URL(env.SQS_ENDPOINT!).port, '9324']]);
    expect(hostPort('api')).toEqual([['127.0.0.1', env.PORT, '3000']]);
  });

  it('gives postgres the credentials and database that .env.example and the api use', () => {
    const pg = services.postgres!.environment!;
    for (const url of [new URL(envExample().DATABASE_URL!), new URL(services.api!.environment!.DATABASE_URL!)]) {
      expect([url.username, url.password, url.pathname.slice(1)]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
    }
  });

  it('runs the api from the Dockerfile, in development, against the compose services', () => {
    const api = services.api!;
    expect(api.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(api.environment).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://switchboard:switchboard@postgres:5432/switchboard',
      REDIS_URL: 'redis://redis:6379',
      SQS_ENDPOINT: 'http://sqs:9324',
    });
    expect(Object.keys(api.depends_on ?? {}).sort()).toEqual(['postgres', 'redis', 'sqs']);
    expect(api.healthcheck!.test.join(' ')).toContain('/health/ready');
  });

  it('sets only settings the config catalogue knows (.env.example lists them all)', () => {
    const env = services.api!.environment!;
    expect(Object.keys(env).filter((key) => !(SETTING_KEYS as string[]).includes(key))).toEqual([]);
    expect(Object.keys(envExample()).sort()).toEqual([...SETTING_KEYS].sort());
  });

  it('has a healthcheck on every service that can run one', () => {
    for (const name of ['postgres', 'redis', 'api']) expect(services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    expect(services.api!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('mounts only files that exist, and declares its named volumes', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('.')) expect({ volume, exists: existsSync(resolve(ROOT, source!)) }).toEqual({ volume, exists: true });
        else expect(Object.keys(file.volumes ?? {})).toContain(source);
      }
    }
  });
});

describe('docker/elasticmq.conf', () => {
  const conf = read('docker/elasticmq.conf');
  const prefix = compose().services.api!.environment!.QUEUE_NAME_PREFIX!;

  it.each(QUEUE_NAMES)('declares %s and its DLQ with the default maxReceiveCount', (queue) => {
    const block = new RegExp(`\\n  ${prefix}${queue} \\{([\\s\\S]*?)\\n  \\}`).exec(conf);
    expect(block).not.toBeNull();
    expect(block![1]).toContain(`name = "${prefix}${queue}-dlq"`);
    expect(block![1]).toContain(`maxReceiveCount = ${SETTINGS.QUEUE_MAX_RECEIVE_COUNT.fallback}`);
    expect(block![1]).toContain(`defaultVisibilityTimeout = ${SETTINGS.QUEUE_VISIBILITY_TIMEOUT_SECONDS.fallback} seconds`);
    expect(conf).toContain(`\n  ${prefix}${queue}-dlq {`);
  });

  it('uses the prefix .env.example uses', () => {
    expect(prefix).toBe(envExample().QUEUE_NAME_PREFIX);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)];

  it('builds in stages on Node 24 and runs with production dependencies only', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[-\w.]*$/m);
    expect(stages.map((s) => s[1])).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}', '${NODE_IMAGE}']);
    expect(stages.map((s) => s[2])).toEqual(['build', 'deps', undefined]);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toMatch(/COPY --from=deps .*\/app\/node_modules/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('starts the entry point `npm start` runs', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start!;
    const entry = /(dist\/\S+\.js)/.exec(start)![1];
    expect(dockerfile).toContain(`CMD ["node", "--enable-source-maps", "${entry}"]`);
  });

  it('keeps secrets, dependencies and builds out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.env', '.data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('observability profile', () => {
  it('scrapes the api /metrics', () => {
    const prom = parse(read('observability/prometheus/prometheus.yml')) as {
      scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    expect(prom.scrape_configs[0]).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['api:3000'] }] });
  });

  it('provisions Grafana with the Prometheus datasource and the dashboard', () => {
    const ds = parse(read('observability/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
    expect(ds.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    const dashboards = parse(read('observability/grafana/provisioning/dashboards/switchboard.yml')) as { providers: { options: { path: string } }[] };
    const mounted = compose().services.grafana!.volumes!.find((v) => v.startsWith('./observability/grafana/dashboards:'))!;
    expect(mounted.split(':')[1]).toBe(dashboards.providers[0]!.options.path);
    const dashboard = JSON.parse(read('observability/grafana/dashboards/switchboard.json')) as { uid: string; panels: { datasource: { uid: string } }[] };
    expect(dashboard.uid).toBe('switchboard');
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
    expect(dashboardMetrics()).toEqual(expect.arrayContaining(['cache_up', 'cache_requests_total', 'queue_messages_total', 'http_request_duration_seconds']));
  });
});
