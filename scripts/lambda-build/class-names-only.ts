import { parse } from 'acorn';

interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';

/**
 * Keeps the names `keepNames` gives classes and drops those of functions.
 *
 * Nest, class-transformer and our logs read class names (log contexts, error
 * names); nothing reads a function's, and naming each of a bundle's thousands
 * of functions costs 43–49 KB once minified. esbuild names
 * them all through one helper, `n`:
 * - a class in a static block, `n(this, "Cls")`: kept;
 * - a function declaration in a statement, `n(fn, "fn");`: blanked;
 * - a function expression by wrapping it, `n(function () {…}, "fn")`: becomes
 *   `(function () {…})`.
 *
 * Removed code is overwritten with spaces, so every position, and with them
 * the source map of the unminified bundle, stays valid; the minifying pass
 * then drops the spaces. Takes the unminified bundle (`keepNames`, names
 * already minified) and returns it ready for that pass.
 */
export function classNamesOnly(code: string): string {
  const helper = /^var ([\w$]+) = \(([\w$]+), ([\w$]+)\) => [\w$]+\(\2, "name", \{ value: \3, configurable: true \}\);$/m.exec(code)?.[1];
  if (!helper) throw new Error("esbuild's __name helper was not found: its output format changed, see classNamesOnly()");

  const blanks: [number, number][] = [];
  const namingCall = (node: unknown): node is AstNode & { arguments: AstNode[] } =>
    isNode(node) && node.type === 'CallExpression' && (node.callee as AstNode).type === 'Identifier' && (node.callee as { name: string }).name === helper;

  const visit = (node: AstNode): void => {
    if (node.type === 'ExpressionStatement' && namingCall(node.expression) && node.expression.arguments[0]!.type === 'Identifier') {
      blanks.push([node.start, node.end]);
      return;
    }
    if (namingCall(node)) {
      const [target, name] = node.arguments;
      if (target!.type === 'FunctionExpression' || target!.type === 'ArrowFunctionExpression') {
        const pure = /\/\* @__PURE__ \*\/ $/.exec(code.slice(Math.max(0, node.start - 16), node.start));
        blanks.push([node.start - (pure?.[0].length ?? 0), node.start + helper.length]); // `/* @__PURE__ */ n`, keeping `(`
        blanks.push([code.lastIndexOf(',', name!.start), name!.end]); // `, "fn"`, keeping `)` (and any around the function)
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const child of value) if (isNode(child)) visit(child);
      if (isNode(value)) visit(value);
    }
  };
  visit(parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AstNode);

  const out = code.split('');
  for (const [start, end] of blanks) for (let i = start; i < end; i++) if (out[i] !== '\n') out[i] = ' ';
  return out.join('');
}
