// semver in a Lambda bundle. aws-xray-sdk-core requires it only in its AWS SDK
// v2 patcher, to check the SDK's version (`gte`); Powertools traces the v3
// clients the functions use. `gte` on plain x.y.z versions is all it needs,
// without the 30 KB of the full package.
function parts(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!match) throw new TypeError(`Invalid Version: ${version}`);
  return match.slice(1).map(Number);
}
exports.gte = (a, b) => {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return true;
};
