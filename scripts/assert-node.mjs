// Every npm script runs on the Node 24 that the `node` devDependency installs into
// node_modules/.bin. If that install was skipped (`--ignore-scripts`), npm silently
// falls back to the system Node: stop here with a clear message instead.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Switchboard needs Node 24 (Lambda's nodejs24.x); this is ${process.version}.\n` +
      'Run `npm ci` without --ignore-scripts so the pinned Node installs, or use nvm (.nvmrc).',
  );
  process.exit(1);
}
