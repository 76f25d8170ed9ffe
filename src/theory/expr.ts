/**
 * User activation expressions such as "x*tanh(x)": a safe recursive-descent parser (no eval,
 * bounded length and nesting), a float64 evaluator, a closure compiler for hot loops, a
 * symbolic derivative (φ' of custom activations) and a printer.
 *
 * Grammar (usual precedence, `^` right-associative and binding tighter than unary minus):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary (('^' | '**') unary)?
 *   primary := number | 'x' | 'pi' | 'e' | fn '(' expr ')' | fn2 '(' expr ',' expr ')' | '(' expr ')'
 */
import { invalidParam } from '../errors.js';
import type { BinaryFn, Expr, UnaryFn } from './expr-ast.js';
import { erf, sigmoid } from './special.js';

const UNARY: readonly UnaryFn[] = ['exp', 'log', 'sqrt', 'abs', 'tanh', 'erf', 'sin', 'cos', 'sigmoid', 'sign', 'step'];
const BINARY: readonly BinaryFn[] = ['max', 'min'];
const MAX_LENGTH = 1000;
const MAX_DEPTH = 64;

const ACCEPTED =
  'an expression in x using numbers, + - * / ^, parentheses and exp log sqrt abs tanh erf sin cos sigmoid sign step max min';

type Tok = { kind: 'num'; value: number; pos: number } | { kind: 'id'; name: string; pos: number } | { kind: 'op'; op: string; pos: number };

function fail(src: string, why: string): never {
  invalidParam('activation', `${ACCEPTED}; ${why}`, src);
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) fail(src, `number "${num[0]}" is not finite`);
      toks.push({ kind: 'num', value, pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 64));
    if (id) {
      toks.push({ kind: 'id', name: id[0].toLowerCase(), pos: i });
      i += id[0].length;
      continue;
    }
    if (c === '*' && src[i + 1] === '*') {
      toks.push({ kind: 'op', op: '^', pos: i });
      i += 2;
      continue;
    }
    if ('+-*/^(),'.includes(c)) {
      toks.push({ kind: 'op', op: c, pos: i });
      i++;
      continue;
    }
    fail(src, `unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
  }
  return toks;
}

/** Parses an activation expression into an AST; throws INVALID_PARAMETER ('activation') on any error. */
export function parseExpr(src: string): Expr {
  if (typeof src !== 'string' || src.trim() === '') fail(String(src), 'the expression is empty');
  if (src.length > MAX_LENGTH) invalidParam('activation', `an expression of at most ${MAX_LENGTH} characters`, `${src.slice(0, 20)}...`);
  const toks = tokenize(src);
  let k = 0;
  let depth = 0;
  const peek = (): Tok | undefined => toks[k];
  const isOp = (op: string): boolean => {
    const t = toks[k];
    return t !== undefined && t.kind === 'op' && t.op === op;
  };
  const where = (): string => (k < toks.length ? `at position ${toks[k].pos + 1}` : 'at the end');
  const expect = (op: string): void => {
    if (!isOp(op)) fail(src, `expected "${op}" ${where()}`);
    k++;
  };
  const enter = (): void => {
    if (++depth > MAX_DEPTH) fail(src, `nesting deeper than ${MAX_DEPTH}`);
  };

  function expr(): Expr {
    enter();
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (toks[k++] as { op: '+' | '-' }).op;
      left = { type: 'bin', op, left, right: term() };
    }
    depth--;
    return left;
  }
  function term(): Expr {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[k++] as { op: '*' | '/' }).op;
      left = { type: 'bin', op, left, right: unary() };
    }
    return left;
  }
  function unary(): Expr {
    if (isOp('-') || isOp('+')) {
      const neg = isOp('-');
      k++;
      enter();
      const arg = unary();
      depth--;
      return neg ? { type: 'neg', arg } : arg;
    }
    return power();
  }
  function power(): Expr {
    const base = primary();
    if (isOp('^')) {
      k++;
      enter();
      const exp = unary();
      depth--;
      return { type: 'bin', op: '^', left: base, right: exp };
    }
    return base;
  }
  function primary(): Expr {
    const t = peek();
    if (t === undefined) fail(src, 'the expression ends too early');
    if (t.kind === 'num') {
      k++;
      return { type: 'num', value: t.value };
    }
    if (t.kind === 'op') {
      if (t.op === '(') {
        k++;
        const e = expr();
        expect(')');
        return e;
      }
      fail(src, `unexpected "${t.op}" at position ${t.pos + 1}`);
    }
    k++;
    if (t.name === 'x') return { type: 'x' };
    if (t.name === 'pi') return { type: 'num', value: Math.PI };
    if (t.name === 'e') return { type: 'num', value: Math.E };
    if ((UNARY as readonly string[]).includes(t.name)) {
      expect('(');
      const arg = expr();
      expect(')');
      return { type: 'call', fn: t.name as UnaryFn, arg };
    }
    if ((BINARY as readonly string[]).includes(t.name)) {
      expect('(');
      const left = expr();
      expect(',');
      const right = expr();
      expect(')');
      return { type: 'call2', fn: t.name as BinaryFn, left, right };
    }
    fail(src, `unknown name "${t.name}" at position ${t.pos + 1}`);
  }

  const ast = expr();
  if (k < toks.length) fail(src, `unexpected input ${where()}`);
  return ast;
}

function applyUnary(fn: UnaryFn, v: number): number {
  switch (fn) {
    case 'exp':
      return Math.exp(v);
    case 'log':
      return Math.log(v);
    case 'sqrt':
      return Math.sqrt(v);
    case 'abs':
      return Math.abs(v);
    case 'tanh':
      return Math.tanh(v);
    case 'erf':
      return erf(v);
    case 'sin':
      return Math.sin(v);
    case 'cos':
      return Math.cos(v);
    case 'sigmoid':
      return sigmoid(v);
    case 'sign':
      return v > 0 ? 1 : v < 0 ? -1 : 0;
    case 'step':
      return v > 0 ? 1 : 0;
  }
}

function applyBinary(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return Math.pow(a, b);
    case 'max':
      return Math.max(a, b);
    default:
      return Math.min(a, b);
  }
}

/** Evaluates the expression at x in float64 (IEEE semantics: log(-1) is NaN, 1/0 is Infinity). */
export function evalExpr(ast: Expr, x: number): number {
  switch (ast.type) {
    case 'num':
      return ast.value;
    case 'x':
      return x;
    case 'neg':
      return -evalExpr(ast.arg, x);
    case 'bin':
      return applyBinary(ast.op, evalExpr(ast.left, x), evalExpr(ast.right, x));
    case 'call':
      return applyUnary(ast.fn, evalExpr(ast.arg, x));
    case 'call2':
      return applyBinary(ast.fn, evalExpr(ast.left, x), evalExpr(ast.right, x));
  }
}

/** Compiles the AST into nested closures (no eval): same values as evalExpr, several times faster in loops. */
export function compileExpr(ast: Expr): (x: number) => number {
  switch (ast.type) {
    case 'num': {
      const v = ast.value;
      return () => v;
    }
    case 'x':
      return (x) => x;
    case 'neg': {
      const a = compileExpr(ast.arg);
      return (x) => -a(x);
    }
    case 'bin':
    case 'call2': {
      const l = compileExpr(ast.left);
      const r = compileExpr(ast.right);
      const op = ast.type === 'bin' ? ast.op : ast.fn;
      switch (op) {
        case '+':
          return (x) => l(x) + r(x);
        case '-':
          return (x) => l(x) - r(x);
        case '*':
          return (x) => l(x) * r(x);
        case '/':
          return (x) => l(x) / r(x);
        case '^':
          return (x) => Math.pow(l(x), r(x));
        case 'max':
          return (x) => Math.max(l(x), r(x));
        default:
          return (x) => Math.min(l(x), r(x));
      }
    }
    case 'call': {
      const a = compileExpr(ast.arg);
      const fn = ast.fn;
      return (x) => applyUnary(fn, a(x));
    }
  }
}

// ---- symbolic derivative, with light simplification so that φ' stays small ----

const num = (value: number): Expr => ({ type: 'num', value });
const isNum = (e: Expr, v?: number): boolean => e.type === 'num' && (v === undefined || e.value === v);
const hasX = (e: Expr): boolean => {
  switch (e.type) {
    case 'num':
      return false;
    case 'x':
      return true;
    case 'neg':
    case 'call':
      return hasX(e.arg);
    default:
      return hasX(e.left) || hasX(e.right);
  }
};

function add(a: Expr, b: Expr): Expr {
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (a.type === 'num' && b.type === 'num') return num(a.value + b.value);
  return { type: 'bin', op: '+', left: a, right: b };
}
function sub(a: Expr, b: Expr): Expr {
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (a.type === 'num' && b.type === 'num') return num(a.value - b.value);
  return { type: 'bin', op: '-', left: a, right: b };
}
function neg(a: Expr): Expr {
  if (a.type === 'num') return num(-a.value);
  if (a.type === 'neg') return a.arg;
  return { type: 'neg', arg: a };
}
function mul(a: Expr, b: Expr): Expr {
  if (isNum(a, 0) || isNum(b, 0)) return num(0);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (a.type === 'num' && b.type === 'num') return num(a.value * b.value);
  return { type: 'bin', op: '*', left: a, right: b };
}
function div(a: Expr, b: Expr): Expr {
  if (isNum(a, 0)) return num(0);
  if (isNum(b, 1)) return a;
  return { type: 'bin', op: '/', left: a, right: b };
}
function pow(a: Expr, b: Expr): Expr {
  if (isNum(b, 1)) return a;
  if (isNum(b, 0)) return num(1);
  return { type: 'bin', op: '^', left: a, right: b };
}
const call = (fn: UnaryFn, arg: Expr): Expr => ({ type: 'call', fn, arg });

/**
 * d/dx of the expression. Kinks get their almost-everywhere derivative: abs' = sign,
 * max(a,b)' = step(a-b)·a' + (1-step(a-b))·b', sign' = step' = 0.
 */
export function derivExpr(ast: Expr): Expr {
  switch (ast.type) {
    case 'num':
      return num(0);
    case 'x':
      return num(1);
    case 'neg':
      return neg(derivExpr(ast.arg));
    case 'bin': {
      const { left: u, right: v } = ast;
      const du = derivExpr(u);
      const dv = derivExpr(v);
      switch (ast.op) {
        case '+':
          return add(du, dv);
        case '-':
          return sub(du, dv);
        case '*':
          return add(mul(du, v), mul(u, dv));
        case '/':
          return div(sub(mul(du, v), mul(u, dv)), pow(v, num(2)));
        case '^':
          if (!hasX(v)) {
            // c·u^(c-1)·u'
            const c = v.type === 'num' ? num(v.value - 1) : sub(v, num(1));
            return mul(mul(v, pow(u, c)), du);
          }
          if (!hasX(u)) return mul(mul(ast, call('log', u)), dv);
          return mul(ast, add(mul(dv, call('log', u)), div(mul(v, du), u)));
      }
      break;
    }
    case 'call': {
      const u = ast.arg;
      const du = derivExpr(u);
      if (isNum(du, 0)) return num(0);
      switch (ast.fn) {
        case 'exp':
          return mul(ast, du);
        case 'log':
          return div(du, u);
        case 'sqrt':
          return div(du, mul(num(2), ast));
        case 'abs':
          return mul(call('sign', u), du);
        case 'tanh':
          return mul(sub(num(1), pow(ast, num(2))), du);
        case 'erf':
          return mul(mul(num(2 / Math.sqrt(Math.PI)), call('exp', neg(pow(u, num(2))))), du);
        case 'sin':
          return mul(call('cos', u), du);
        case 'cos':
          return mul(neg(call('sin', u)), du);
        case 'sigmoid':
          return mul(mul(ast, sub(num(1), ast)), du);
        case 'sign':
        case 'step':
          return num(0);
      }
      break;
    }
    case 'call2': {
      const { left: a, right: b } = ast;
      const da = derivExpr(a);
      const db = derivExpr(b);
      const first = ast.fn === 'max' ? sub(a, b) : sub(b, a);
      const s = call('step', first);
      return add(mul(s, da), mul(sub(num(1), s), db));
    }
  }
  throw new Error('unreachable');
}

const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };

/** Prints the AST back as an expression that parseExpr reads to the same AST. */
export function formatExpr(ast: Expr): string {
  const go = (e: Expr, ctx: number): string => {
    switch (e.type) {
      case 'num': {
        const s = e.value === Math.PI ? 'pi' : e.value === Math.E ? 'e' : String(e.value);
        return e.value < 0 || s.includes('e-') || s.includes('e+') ? `(${s})` : s;
      }
      case 'x':
        return 'x';
      case 'neg': {
        const s = `-${go(e.arg, 3)}`;
        return ctx > 2 ? `(${s})` : s;
      }
      case 'call':
        return `${e.fn}(${go(e.arg, 0)})`;
      case 'call2':
        return `${e.fn}(${go(e.left, 0)}, ${go(e.right, 0)})`;
      case 'bin': {
        const p = PREC[e.op];
        const s =
          e.op === '^'
            ? `${go(e.left, 5)}^${go(e.right, 3)}`
            : `${go(e.left, p)} ${e.op} ${go(e.right, p + 1)}`;
        return p < ctx ? `(${s})` : s;
      }
    }
  };
  return go(ast, 0);
}
