// qs in a Lambda bundle. Express requires it for its "extended" query parser
// and body-parser for extended urlencoded bodies; the functions use neither
// (Express 5's default "simple" parser is node:querystring, and bodies are
// JSON or CSV). qs and its side-channel helpers (~50 KB) stay out.
function notBundled() {
  throw new Error('qs is not in the Lambda bundles: query strings use the simple parser, and urlencoded bodies are not accepted');
}
exports.parse = notBundled;
exports.stringify = notBundled;
