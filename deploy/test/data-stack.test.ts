import { Match, type Template } from 'aws-cdk-lib/assertions';
import { QUEUE_NAMES } from '#switchboard/registry';
import { STAGES } from '../lib/config/stages.js';
import { resourcesOf, synthesize, template, type Synthesized } from './support/synth.js';

/**
 * The stateful resources' logical ids. CloudFormation replaces a resource whose logical
 * id changes — for these that means a new, empty database, cache or queue. A change to
 * this list must be a deliberate migration (snapshot, restore, re-point), never a refactor.
 */
const PINNED = {
  'AWS::KMS::Key': ['DataKey17AFBB84'],
  'AWS::RDS::DBCluster': ['DatabaseB269D8BB'],
  'AWS::RDS::DBProxy': ['DatabaseProxyE01FC4E6'],
  'AWS::RDS::DBSubnetGroup': ['DatabaseSubnets56F17B9A'],
  'AWS::ElastiCache::ReplicationGroup': ['Cache'],
  'AWS::ElastiCache::SubnetGroup': ['CacheSubnets'],
  'AWS::SQS::Queue': [
    'CallEventsDlqBE88236C',
    'CallEventsQueueFE5786D4',
    'ContactImportsDlq1201DF9F',
    'ContactImportsQueueFF832451',
    'ExportsDlq7DDCCC3C',
    'ExportsQueueA7167BC2',
    'WebhookDeliveriesDlq0DC6125F',
    'WebhookDeliveriesQueueA79A9393',
  ],
  'AWS::Backup::BackupVault': ['BackupVault3A9C5852'],
  'AWS::Backup::BackupPlan': ['BackupPlanA8F64793'],
};
const PINNED_SECRETS = {
  development: [
    'AppDatabaseSecret8F772B62',
    'CacheAuthTokenAAA23466',
    'EdgeOriginSecret3EAF46DC',
    'SecretsEncryptionKeys5D528871',
    'TelephonyWebhookSecret6541063D',
    'switchboarddevelopmentpipelinedevelopmentDataDatabaseSecret50EB99893fdaad7efa858a3daf9490cf0a702aeb',
  ],
  production: [
    'AppDatabaseSecret8F772B62',
    'CacheAuthTokenAAA23466',
    'EdgeOriginSecret3EAF46DC',
    'SecretsEncryptionKeys5D528871',
    'TelephonyWebhookSecret6541063D',
    'switchboardproductionpipelineproductionDataDatabaseSecret3487F1DF3fdaad7efa858a3daf9490cf0a702aeb',
  ],
};
const PINNED_INSTANCES = { development: ['DatabaseWriter7794273E'], production: ['DatabaseReader1ECF7A50F', 'DatabaseWriter7794273E'] };

let app: Synthesized;
const data: Partial<Record<'development' | 'production', Template>> = {};
beforeAll(() => {
  app = synthesize({ stages: ['development', 'production'], baseline: false });
  data.development = template(app.stages.development!.data);
  data.production = template(app.stages.production!.data);
});

describe.each(['development', 'production'] as const)('%s data stack', (stage) => {
  const t = () => data[stage]!;

  it('keeps the stateful logical ids unchanged', () => {
    for (const [type, ids] of Object.entries(PINNED)) {
      expect([type, Object.keys(resourcesOf(t(), type)).sort()]).toEqual([type, ids]);
    }
    expect(Object.keys(resourcesOf(t(), 'AWS::SecretsManager::Secret')).sort()).toEqual(PINNED_SECRETS[stage]);
    expect(Object.keys(resourcesOf(t(), 'AWS::RDS::DBInstance')).sort()).toEqual(PINNED_INSTANCES[stage]);
  });

  it('runs Aurora PostgreSQL Serverless v2, encrypted, with logs and IAM auth, snapshotted on delete', () => {
    t().hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        KmsKeyId: Match.anyValue(),
        EnableCloudwatchLogsExports: ['postgresql'],
        EnableIAMDatabaseAuthentication: true,
        DeletionProtection: STAGES[stage].database.deletionProtection,
        BackupRetentionPeriod: STAGES[stage].database.pitrDays,
      }),
    });
    t().hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
  });

  it('puts RDS Proxy in front, requiring TLS, with the rotated secret', () => {
    t().hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'POSTGRESQL', RequireTLS: true });
    t().hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
  });

  it('runs Redis encrypted in transit and at rest, with AUTH', () => {
    t().hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      Port: 6379,
      NumCacheClusters: 1 + STAGES[stage].cache.replicas,
      MultiAZEnabled: STAGES[stage].cache.replicas > 0,
    });
    // A dynamic reference: CloudFormation resolves the token, the template never holds it.
    const [cache] = Object.values(resourcesOf(t(), 'AWS::ElastiCache::ReplicationGroup'));
    expect(JSON.stringify(cache.Properties.AuthToken)).toContain('{{resolve:secretsmanager:');
  });

  it('has an encrypted queue and DLQ per registry queue', () => {
    const queues = resourcesOf(t(), 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(QUEUE_NAMES.length * 2);
    for (const q of Object.values(queues)) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const redrives = Object.values(queues).filter((q) => q.Properties.RedrivePolicy);
    expect(redrives).toHaveLength(QUEUE_NAMES.length);
    for (const q of redrives) expect(q.Properties.RedrivePolicy?.maxReceiveCount).toBe(5);
  });

  it('backs the database up daily into an encrypted vault, kept per stage', () => {
    t().hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
    t().hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 8 * * ? *)', Lifecycle: { DeleteAfterDays: STAGES[stage].backup.retentionDays } })],
      },
    });
    t().resourceCountIs('AWS::Backup::BackupSelection', 1);
  });
});

it('keeps production queues, cache and secrets when the stack is deleted', () => {
  for (const type of ['AWS::SQS::Queue', 'AWS::ElastiCache::ReplicationGroup', 'AWS::SecretsManager::Secret']) {
    const resources = data.production!.findResources(type) as Record<string, { DeletionPolicy?: string }>;
    for (const r of Object.values(resources)) expect([type, r.DeletionPolicy]).toEqual([type, 'Retain']);
  }
});
