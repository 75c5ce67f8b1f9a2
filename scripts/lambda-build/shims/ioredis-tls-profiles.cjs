// ioredis's named TLS profiles (Redis Cloud's certificates, 8 KB), used only
// for `tls: { profile }`. ElastiCache's in-transit encryption uses a public
// CA that Node trusts; no function names a profile.
exports.default = {};
