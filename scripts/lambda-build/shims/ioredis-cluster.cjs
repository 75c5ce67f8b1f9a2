// ioredis's Cluster client in a Lambda bundle. ElastiCache runs with cluster
// mode disabled (deploy/lib/stacks/data-stack.ts, one primary and its
// replicas), so the functions connect with the plain client; ioredis loads
// its cluster code (~35 KB) either way.
class Cluster {
  constructor() {
    throw new Error('Redis Cluster is not available in a Lambda bundle: the cache runs with cluster mode disabled');
  }
}
exports.default = Cluster;
