// An event source of @codegenie/serverless-express that no function receives:
// the HTTP functions sit behind API Gateway (REST v1 or HTTP API v2 events);
// ALB, Lambda@Edge, VPC Lattice, Azure and the non-HTTP sources stay out.
function unsupported() {
  throw new Error('Event source not in the Lambda bundle: the functions take API Gateway events');
}
module.exports = { getRequest: unsupported, getResponse: unsupported };
