import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileExpr, derivExpr, evalExpr, formatExpr, parseExpr } from '../../src/theory/expr.js';
import { NnspectraError } from '../../src/errors.js';
import type { Expr } from '../../src/theory/expr-ast.js';
import { erf } from '../../src/theory/special.js';

function expectBad(src: string) {
  try {
    parseExpr(src);
  } catch (e) {
    expect(e).toBeInstanceOf(NnspectraError);
    expect((e as NnspectraError).code).toBe('INVALID_PARAMETER');
    expect((e as NnspectraError).param).toBe('activation');
    expect((e as Error).message).toMatch(/^activation must be /);
    expect((e as Error).message).not.toMatch(/\n/);
    return;
  }
  throw new Error(`parsed ${JSON.stringify(src)} but should not`);
}

describe('expression parser', () => {
  it('respects precedence and associativity', () => {
    const cases: [string, number, number][] = [
      ['1 + 2 * x', 3, 7],
      ['-x^2', 3, -9],
      ['2^3^2', 0, 512],
      ['(1 + x) / 2 - 3', 5, 0],
      ['x * tanh(x)', 0.7, 0.7 * Math.tanh(0.7)],
      ['max(x, 0) + min(x, 0) * 0.2', -2, -0.4],
      ['2 ** -1', 0, 0.5],
      ['sqrt(abs(x)) + exp(log(2))', -4, 4],
      ['sigmoid(x) - 1/(1+exp(-x))', 1.3, 0],
      ['erf(x)', 0.5, erf(0.5)],
      ['sin(pi * x) + cos(x) * e', 0.5, 1 + Math.cos(0.5) * Math.E],
      ['1.5e-1 * .5 * X', 2, 0.15],
    ];
    for (const [src, x, want] of cases) expect(evalExpr(parseExpr(src), x)).toBeCloseTo(want, 14);
  });

  it('rejects malformed and hostile input with one-line typed errors', () => {
    for (const bad of [
      '',
      '   ',
      'x +',
      '(x',
      'x)',
      'foo(x)',
      'y',
      'exp x',
      'max(x)',
      'tanh(x, 1)',
      '1e999',
      'x; process.exit(1)',
      'constructor',
      '__proto__',
      'x => x',
      '`x`',
      'eval("1")',
      '2 ^^ 3',
      '('.repeat(500) + 'x' + ')'.repeat(500),
      '-'.repeat(200) + 'x',
      'x+'.repeat(600) + 'x',
    ])
      expectBad(bad);
  });

  it('parses randomly generated expressions to the same function (fast-check round trip)', () => {
    const leaf = fc.oneof(
      fc.constant<Expr>({ type: 'x' }),
      fc.double({ min: 0, max: 10, noNaN: true }).map((v): Expr => ({ type: 'num', value: Math.round(v * 1000) / 1000 })),
    );
    const tree = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ type: fc.constant('neg' as const), arg: tie('e') }),
        fc.record({
          type: fc.constant('bin' as const),
          op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const),
          left: tie('e'),
          right: tie('e'),
        }),
        fc.record({ type: fc.constant('call' as const), fn: fc.constantFrom('tanh' as const, 'sin' as const, 'abs' as const, 'erf' as const, 'sigmoid' as const), arg: tie('e') }),
        fc.record({ type: fc.constant('call2' as const), fn: fc.constantFrom('max' as const, 'min' as const), left: tie('e'), right: tie('e') }),
      ),
    })).e;
    fc.assert(
      fc.property(tree, fc.double({ min: -3, max: 3, noNaN: true }), (ast, x) => {
        const src = formatExpr(ast);
        const back = parseExpr(src);
        const a = evalExpr(ast, x);
        const b = evalExpr(back, x);
        const c = compileExpr(back)(x);
        if (Number.isNaN(a)) return Number.isNaN(b) && Number.isNaN(c);
        return Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)) ? Object.is(b, c) || b === c : false;
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a typed error on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parseExpr(s);
        } catch (e) {
          return e instanceof NnspectraError && e.code === 'INVALID_PARAMETER';
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('symbolic derivative', () => {
  it('matches central differences on smooth expressions', () => {
    const srcs = ['x*tanh(x)', 'exp(-x^2/2) * sin(3*x)', 'sqrt(1 + x^2)', 'log(1 + exp(x))', 'erf(x/2)^3', 'sigmoid(2*x)/(1+x^2)', 'cos(x)^x', '2^x'];
    for (const s of srcs) {
      const ast = parseExpr(s);
      const d = derivExpr(ast);
      for (const x of [-1.7, -0.3, 0.4, 1.1, 2.3]) {
        if (s === 'cos(x)^x' && Math.cos(x) <= 0) continue;
        const h = 1e-5;
        const fd = (evalExpr(ast, x + h) - evalExpr(ast, x - h)) / (2 * h);
        expect(evalExpr(d, x)).toBeCloseTo(fd, 6);
      }
    }
  });

  it('gives the a.e. derivative at kinks', () => {
    const d = derivExpr(parseExpr('max(x, 0.2*x) + abs(x - 1)'));
    expect(evalExpr(d, 2)).toBe(2);
    expect(evalExpr(d, 0.5)).toBe(0);
    expect(evalExpr(d, -1)).toBeCloseTo(0.2 - 1, 15);
  });
});
