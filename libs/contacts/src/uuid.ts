/** A UUID of any version: ids that reach a query without passing a route's uuid pipe are checked with it first. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
