// Stands in for every TypeORM driver module but Postgres in Lambda bundles.
// TypeORM's driver factory and `instanceof` checks reference them all; each
// name resolves to a class that is never an instance of anything here and
// refuses to be constructed, so another database fails loudly, not silently.
'use strict';

const classes = new Map();

module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      if (name === '__esModule') return true;
      if (typeof name !== 'string') return undefined;
      let stub = classes.get(name);
      if (!stub) {
        stub = class {
          constructor() {
            throw new Error(`TypeORM's ${name} is not in this bundle: Lambda functions carry the Postgres driver only`);
          }
        };
        Object.defineProperty(stub, 'name', { value: name });
        classes.set(name, stub);
      }
      return stub;
    },
  },
);
