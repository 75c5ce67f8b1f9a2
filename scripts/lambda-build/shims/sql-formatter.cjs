// @sqltools/formatter for Lambda bundles: TypeORM only pretty-prints SQL for
// its console loggers; logs keep the query as sent.
'use strict';

exports.format = (sql) => sql;
