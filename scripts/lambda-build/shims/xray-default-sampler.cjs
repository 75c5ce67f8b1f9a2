// aws-xray-sdk-core's default sampler polls the X-Ray API for centralized
// sampling rules. In Lambda the SDK turns that off at start-up
// (env/aws_lambda.js: disableCentralizedSampling, which switches to the local
// sampler): the local sampler stands in from the start, without the pollers
// and their API client (~7 KB).
module.exports = require('aws-xray-sdk-core/dist/lib/middleware/sampling/local_sampler');
