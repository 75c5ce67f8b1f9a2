// ioredis's Sentinel connector in a Lambda bundle: ElastiCache fails over by
// DNS, and REDIS_URL names the primary endpoint; no function is configured
// with `sentinels`.
class SentinelConnector {
  constructor() {
    throw new Error('Redis Sentinel is not available in a Lambda bundle: connect to the primary endpoint');
  }
}
exports.default = SentinelConnector;
