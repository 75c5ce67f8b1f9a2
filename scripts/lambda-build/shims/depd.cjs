// depd in a Lambda bundle: the deprecation warnings of Express, its router and
// http-errors, printed once per call site for a developer to fix (the one-
// process server, which runs the same routes, prints them). A function has
// no one to read them; the calls stay, silent (~4 KB).
function depd() {
  const deprecate = () => undefined;
  deprecate.function = (fn) => fn;
  deprecate.property = () => undefined;
  return deprecate;
}
module.exports = depd;
