// dotenv in a Lambda bundle. @nestjs/config imports it to read .env files,
// which production never does (`ignoreEnvFile`: settings come from SSM and
// Secrets Manager).
function notBundled() {
  throw new Error('.env files are not read in a Lambda (settings come from SSM and Secrets Manager)');
}
exports.parse = notBundled;
exports.config = notBundled;
exports.populate = notBundled;
