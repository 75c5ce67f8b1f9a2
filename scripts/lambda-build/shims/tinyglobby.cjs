// tinyglobby for Lambda bundles: TypeORM globs only when entities or
// migrations are given as path patterns, which bundles cannot serve. The
// project lists them as classes; a pattern fails here with the reason.
'use strict';

function refuse(pattern) {
  throw new Error(`Path globs (${String(pattern)}) do not work in a bundle: list entities and migrations as classes`);
}

exports.globSync = refuse;
exports.glob = async (pattern) => refuse(pattern);
