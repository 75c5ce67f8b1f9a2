/**
 * Keeps the names `keepNames` gives classes and drops those of plain functions.
 * Nest, TypeORM, class-transformer and our logs read class names (tokens, table
 * names, log contexts, `err.name`); nothing reads a function's, and naming
 * every one of them after minification costs ~20 KB a bundle. esbuild names a
 * class in a static block, `n(this, "Cls")`, and a function declaration in a
 * statement of its own line, `n(fn, "fn");` (`n` being its `__name` helper):
 * marked pure, that statement is dropped by the minifying pass. Lines are kept,
 * and so is the source map. (Function expressions stay named: the call wraps
 * the value.)
 */
export function classNamesOnly(code: string): string {
  const helper = /^var ([\w$]+) = \(([\w$]+), ([\w$]+)\) => [\w$]+\(\2, "name", \{ value: \3, configurable: true \}\);$/m.exec(code)?.[1];
  if (!helper) throw new Error("esbuild's __name helper was not found: its output format changed, see classNamesOnly()");
  const statement = new RegExp(`^(\\s*)(${helper.replace(/\$/g, '\\$')}\\((?!this,)[\\w$]+, "[^"\\n]*"\\);)$`, 'gm');
  return code.replace(statement, '$1/* @__PURE__ */ $2');
}
