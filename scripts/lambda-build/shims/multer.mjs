// multer for Lambda bundles: @nestjs/platform-express imports it for its file
// upload interceptors, which no Switchboard route uses (imports take JSON or
// CSV bodies, and API Gateway caps payloads anyway).
export default function multer() {
  throw new Error('File uploads (multer) are not available in a Lambda bundle');
}
