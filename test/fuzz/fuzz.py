#!/usr/bin/env python3
"""Differential fuzzer for ad's reverse mode.

Generates random differentiable C++ functions, compiles them with the ad
plugin (ad-clang++), and checks each generated f_grad against f's value (bit
for bit), forward-mode dual numbers (dual.hpp) and central differences
(check.hpp). See README.md.

    python3 fuzz.py --seed S --programs N --per-file K --work DIR --adxx PATH [--keep]

Program j of seed S is generated from its own random stream, so its text does
not depend on N or K; `--only J` regenerates just that program (for
reproducing and reducing a failure).
"""

import argparse
import concurrent.futures
import math
import os
import random
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Random functions
#
# Bodies are generated once, as text over the type token REAL, and emitted
# twice: with REAL = double as the marked function, and with REAL = T as a
# template instantiated with fz::dual.

SIZE = 3  # local arrays are REAL a[3]

# Features that --without can turn off (to keep fuzzing past a known bug).
# Statements: decl assign compound arrdecl arrwrite if ternary (v = c ? a : b)
# for while do jump (break/continue) return (early) step (the step helper)
# sum (a loop that only adds terms into sums: the sum-reduction rule).
# switch-jump: break/continue directly in a switch case; cond-expr: ?: inside
# expressions; cond-const: a ?: branch without active values; param-write:
# assignments to parameters; const-arg: helper arguments without active
# values. Shadow memory: vector (std::vector<REAL> locals, built in several
# ways, also in loops), pointer (local pointers into arrays and vectors,
# read and written through), ref (local references to elements), outparam
# (the marked function also writes, and reads back, an output array `out`
# whose shadow is seeded), incexpr (`a[c++ % 3]` inside expressions),
# countdown (`while (n-- > 0)` loops), minmax (std::min, std::max,
# std::clamp). Classes and lambdas: struct (a struct template with members,
# operators + and *, a const member function; locals built from braced
# lists, members written, objects reassigned), lambda (local lambdas
# capturing by reference, called in expressions, also in helpers),
# tmplhelper (helpers that are templates in the marked program too).
# avail: cos(a) kept in a variable, then sin(a) (partials reading the
# variable), sometimes with a or the variable changed in between. jvp, hvp:
# the checks of f_jvp and f_hvp (without both, a file names only f_grad
# and compiles in one parse). The rest are operators and math functions.
FEATURES = ["decl", "assign", "compound", "arrdecl", "arrwrite", "if",
            "vector", "pointer", "ref", "outparam", "incexpr", "countdown",
            "minmax", "struct", "lambda", "tmplhelper", "avail",
            "ternary", "for", "while", "do", "jump", "return", "step", "sum",
            "switch", "switch-jump", "cond-expr", "cond-const", "else-if",
            "helpers", "param-write", "const-arg", "div", "neg", "sin", "cos", "tan", "exp", "log", "sqrt", "tanh",
            "atan", "powc", "pow2", "fabs", "cbrt", "erf", "expm1", "log1p",
            "hypot", "fmax", "fmin", "jvp", "hvp"]
OFF = set()
BIG = [1]  # --size: more top-level statements and deeper nesting
PARAMS = [0]  # --params: every function has this many parameters


def on(feature):
    return feature not in OFF


class Scope:
    def __init__(self):
        self.frames = [[]]  # each frame: list of (kind, name, extra)

    def push(self):
        self.frames.append([])

    def pop(self):
        self.frames.pop()

    def add(self, kind, name, extra=None):
        self.frames[-1].append((kind, name, extra))

    def of_kind(self, kind):
        return [(n, e) for f in self.frames for (k, n, e) in f if k == kind]


class Gen:
    """Generates one program (a marked function and its helpers)."""

    def __init__(self, rng, name, nparams):
        self.r = rng
        self.name = name
        self.nparams = nparams
        self.counter = 0
        self.helpers = []      # (name, arity), callable from later code
        self.step = None       # name of the step helper, if any
        self.helper_text = []  # helper definitions (REAL text)
        self.in_helper = False
        self.called = set()    # helpers called somewhere
        self.struct = None     # name of the program's struct template, if any

    def fresh(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def const(self):
        return "%.2f" % self.r.uniform(0.2, 2.0)

    # -- expressions -------------------------------------------------------
    # expr() returns (text, active): active means the text reads a REAL
    # variable (so in the template version its type is T, not double).

    def leaf(self):
        r = self.r
        scalars = self.scope.of_kind("var")
        arrays = self.scope.of_kind("arr") + self.scope.of_kind("vec")
        ints = self.scope.of_kind("int")
        ptrs = self.scope.of_kind("ptr")
        objs = self.scope.of_kind("obj")
        if objs and r.random() < 0.2:
            o, _ = r.choice(objs)
            q, _ = r.choice(objs)
            form = r.random()
            if form < 0.5:
                return "%s.%s" % (o, r.choice("ab")), True
            if form < 0.8:
                return "%s.dot(%s)" % (o, q), True
            return "(%s + %s * %s).%s" % (o, q, self.const(), r.choice("ab")), True
        x = r.random()
        if ptrs and x < 0.08:
            p, _ = r.choice(ptrs)
            return "(*%s)" % p, True
        if arrays and x < 0.2:
            a, _ = r.choice(arrays)
            return "%s[%s]" % (a, self.index()), True
        if x < 0.85 and scalars:
            # favour recent variables, so that fewer locals are dead
            n = len(scalars)
            i = n - 1 - min(n - 1, int(r.expovariate(0.7)))
            return scalars[i][0], True
        if ints and x < 0.92:
            i, _ = r.choice(ints)
            return "(%s * %s)" % (self.const(), i), False
        return self.const(), False

    def index(self):
        """An index into a local array: constant, or a loop index."""
        r = self.r
        ints = [(i, b) for (i, b) in self.scope.of_kind("int") if b is not None]
        if ints and r.random() < 0.5:
            i, bound = r.choice(ints)
            if bound <= SIZE:
                return i
            return "%s %% %d" % (i, SIZE)
        return str(r.randrange(SIZE))

    def expr(self, depth):
        r = self.r
        if depth <= 0 or r.random() < 0.25:
            return self.leaf()
        d = depth - 1
        lambdas = self.scope.of_kind("lam")
        choice = r.choices(
            ["bin", "div", "neg", "math", "math2", "call", "cond", "minmax", "lam"],
            weights=[30, 6 * on("div"), 4 * on("neg"), 30,
                     8 * any(on(f) for f in ("hypot", "fmax", "fmin")),
                     8 if self.helpers else 0, 3 * on("cond-expr"),
                     5 * on("minmax"), 8 if lambdas else 0])[0]
        if choice == "lam":
            l, _ = r.choice(lambdas)
            a, aa = self.expr(d)
            return "%s(%s)" % (l, a if aa else "REAL(%s)" % a), True
        if choice == "minmax":
            a, aa = self.expr(d)
            form = r.random()
            if form < 0.35:
                b, ba = self.expr(d)
                return "std::max<REAL>(%s, %s)" % (a, b), aa or ba
            if form < 0.7:
                return "std::min<REAL>(%s, %s)" % (a, self.const()), aa
            lo = r.uniform(-1.0, 0.2)
            return "std::clamp<REAL>(%s, %.2f, %.2f)" % (a, lo, lo + r.uniform(0.3, 1.5)), aa
        if choice == "bin":
            a, aa = self.expr(d)
            b, ba = self.expr(d)
            op = r.choice(["+", "-", "*"])
            if op == "-" and a == b:
                op = "+"  # not an exact 0
            return "(%s %s %s)" % (a, op, b), aa or ba
        if choice == "div":
            a, aa = self.expr(d)
            b, ba = self.expr(min(d, 1))
            return "(%s / (1.5 + %s * %s))" % (a, b, b), aa or ba
        if choice == "neg":
            a, aa = self.expr(d)
            return "(-%s)" % a, aa
        if choice == "math":
            a, aa = self.expr(d)
            fs = [f for f in ["sin", "cos", "tan", "exp", "log", "sqrt",
                              "tanh", "atan", "powc", "pow2", "fabs", "cbrt",
                              "erf", "expm1", "log1p"] if on(f)]
            if not fs:
                return self.leaf()
            f = r.choice(fs)
            if f == "tan":
                t = "tan(0.5 * sin(%s))" % a
            elif f == "exp":
                t = "exp(sin(%s))" % a
            elif f == "log":
                t = "log(1.5 + %s * %s)" % (a, a)
            elif f == "sqrt":
                t = "sqrt(1 + %s * %s)" % (a, a)
            elif f == "powc":
                t = "pow(1.5 + %s * %s, %s)" % (a, a, r.choice(["0.5", "2", "3"]))
            elif f == "pow2":
                t = "pow(%s, 2)" % a
            elif f == "cbrt":
                # away from 0, where cbrt' is infinite (0 * inf = NaN in
                # the reverse sweep of a value that does not matter)
                t = r.choice(["cbrt(0.5 + %s * %s)" % (a, a),
                              "cbrt(sin(%s) - 1.5)" % a])
            elif f == "expm1":
                t = "expm1(sin(%s))" % a
            elif f == "log1p":
                t = "log1p(%s * %s)" % (a, a)
            else:
                t = "%s(%s)" % (f, a)
            return t, aa
        if choice == "math2":
            a, aa = self.expr(d)
            b, ba = self.expr(d)
            f = r.choice([f for f in ["hypot", "fmax", "fmin"] if on(f)])
            return "%s(%s, %s)" % (f, a, b), aa or ba
        if choice == "cond":
            c = self.cond(min(d, 1))
            a, aa = self.expr(d)
            b, ba = self.expr(d)
            if not on("cond-const"):  # no inactive branch
                if not aa:
                    a, aa = r.choice(self.scope.of_kind("var"))[0], True
                if not ba:
                    b, ba = r.choice(self.scope.of_kind("var"))[0], True
            return "((%s) ? %s : %s)" % (c, a, b), aa or ba
        # call of a helper
        h, arity = r.choice(self.helpers)
        self.called.add(h)
        args = []
        act = False
        for _ in range(arity):
            a, aa = self.expr(d)
            act = act or aa
            # template helpers deduce T from their arguments: give
            # constant arguments the type REAL
            if not aa and not on("const-arg"):
                a, aa = r.choice(self.scope.of_kind("var"))[0], True
            args.append(a if aa else "REAL(%s)" % a)
        return "%s(%s)" % (h, ", ".join(args)), True

    def squashed(self, depth):
        """A bounded expression (for recurrences inside loops)."""
        a, _ = self.expr(depth)
        f = self.r.choice(["tanh", "sin", "atan", "erf", "cos"])
        return "%s(%s)" % (f, a)

    def cond(self, depth):
        r = self.r
        a, _ = self.expr(depth)
        op = r.choice(["<", ">", "<=", ">="])
        if r.random() < 0.5:
            b = "%s%s" % (r.choice(["", "-"]), "%.2f" % r.uniform(0, 1.5))
        else:
            b, _ = self.expr(depth)
        return "%s %s %s" % (a, op, b)

    # -- statements --------------------------------------------------------
    # Each statement generator returns a list of lines (indented by the
    # caller). `loops` is the stack of enclosing loops.

    def block(self, n, depth, loops, ind):
        self.scope.push()
        lines = []
        for _ in range(n):
            lines += self.stmt(depth, loops, ind)
        # carry a value of this scope out of it, so that it is not dead
        inner = [v for (k, v, e) in self.scope.frames[-1] if k == "var"]
        inner += ["%s[%d]" % (v, self.r.randrange(SIZE))
                  for (k, v, e) in self.scope.frames[-1] if k == "arr"]
        self.scope.pop()
        outer = [n for (n, e) in self.scope.of_kind("var")
                 if e != "param" or on("param-write")]
        if inner and outer and self.r.random() < 0.8:
            o = self.r.choice(outer)
            lines.append("  " * ind + "%s = 0.5 * %s + 0.3 * tanh(%s);" %
                         (o, o, self.r.choice(inner)))
        return lines

    def stmt(self, depth, loops, ind):
        r = self.r
        pad = "  " * ind
        ed = 3 if not loops else 2
        locals_ = [n for (n, e) in self.scope.of_kind("var") if e != "param"]
        params = [n for (n, e) in self.scope.of_kind("var") if e == "param"]
        arrays = self.scope.of_kind("arr") + self.scope.of_kind("vec")
        ptrs = self.scope.of_kind("ptr")
        kinds = {
            "decl": 14,
            "assign": 12 if (locals_ or params) else 0,
            "compound": 10 if locals_ else 0,
            "arrdecl": 5,
            "arrwrite": 5 if arrays else 0,
            "if": 8 if depth > 0 else 0,
            "ternary": 4 if locals_ else 0,
            "for": 8 if depth > 0 else 0,
            "while": 4 if depth > 0 else 0,
            "do": 2 if depth > 0 else 0,
            "jump": 8 if [l for l in loops if l != "switch"] and (
                loops[-1] != "switch" or on("switch-jump")) else 0,
            "return": 3 if not self.in_helper else 1,
            "step": 4 if (self.step and any(s == SIZE for (_, s) in arrays)) else 0,
            "sum": 5,
            "vecdecl": 4,
            "pointer": 3 if arrays else 0,
            "ptrwrite": 3 if ptrs else 0,
            "ref": 3 if arrays else 0,
            "incexpr": 3 if arrays else 0,
            "countdown": 3 if depth > 0 else 0,
            "structdecl": 4 if self.struct else 0,
            "objwrite": 4 if self.scope.of_kind("obj") else 0,
            "lambda": 3,
            "avail": 4,
        }
        feature = {"vecdecl": "vector", "ptrwrite": "pointer", "structdecl": "struct",
                   "objwrite": "struct"}
        if not on("param-write"):
            params = []
            if not locals_:
                kinds["assign"] = 0
        for kind in kinds:
            if not on(feature.get(kind, kind)):
                kinds[kind] = 0
        k = r.choices(list(kinds), weights=list(kinds.values()))[0]
        if k == "structdecl":
            o = self.fresh("s")
            line = pad + "%s<REAL> %s{%s, %s};" % (self.struct, o, self.expr(ed)[0],
                                                     self.expr(ed)[0])
            self.scope.add("obj", o)
            return [line]
        if k == "objwrite":
            o, _ = r.choice(self.scope.of_kind("obj"))
            q, _ = r.choice(self.scope.of_kind("obj"))
            form = r.random()
            if form < 0.4:
                m = r.choice("ab")
                return [pad + "%s.%s = 0.5 * %s.%s + 0.3 * tanh(%s);" % (o, m, o, m,
                                                                        self.expr(ed)[0])]
            if form < 0.7:
                return [pad + "%s = %s * 0.5 + %s * 0.25;" % (o, o, q)]
            return [pad + "%s.%s += 0.2 * %s;" % (o, r.choice("ab"), self.squashed(ed))]
        if k == "avail":
            return self.stmt_avail(pad, ed, locals_, params)
        if k == "lambda":
            l = self.fresh("l")
            self.scope.push()
            t = self.fresh("t")
            self.scope.add("var", t, "lambda")
            body = self.expr(2)[0]
            self.scope.pop()
            self.scope.add("lam", l)
            # REAL(...): a body without active values has the type REAL too
            return [pad + "auto %s = [&](REAL %s) { return REAL(%s); };" % (l, t, body)]
        if k == "decl":
            v = self.fresh("v")
            e = self.squashed(ed) if loops and r.random() < 0.5 else self.expr(ed)[0]
            self.scope.add("var", v, "local")
            return [pad + "REAL %s = %s;" % (v, e)]
        if k == "assign":
            if params and (not locals_ or r.random() < 0.1):
                v = r.choice(params)
            else:
                v = r.choice(locals_)
            if loops:
                form = r.random()
                if form < 0.5:
                    return [pad + "%s = 0.5 * %s + 0.3 * tanh(%s);" % (v, v, self.expr(ed)[0])]
                return [pad + "%s = %s;" % (v, self.squashed(ed))]
            return [pad + "%s = %s;" % (v, self.expr(ed)[0])]
        if k == "compound":
            v = r.choice(locals_)
            op = r.choice(["+=", "-=", "*=", "/="])
            if op in ("+=", "-="):
                e = "0.3 * %s" % self.squashed(ed) if loops else self.expr(ed)[0]
            elif op == "*=":
                e = "(0.8 + 0.3 * %s)" % self.squashed(ed)
            else:
                b = self.expr(min(ed, 2))[0]
                e = "(1.5 + %s * %s)" % (b, b)
            return [pad + "%s %s %s;" % (v, op, e)]
        if k == "arrdecl":
            a = self.fresh("a")
            form = r.random()
            if form < 0.4:
                es = [self.expr(ed)[0] for _ in range(SIZE)]
                lines = [pad + "REAL %s[%d] = {%s};" % (a, SIZE, ", ".join(es))]
            elif form < 0.7:
                lines = [pad + "REAL %s[%d];" % (a, SIZE)]
                for j in range(SIZE):
                    lines.append(pad + "%s[%d] = %s;" % (a, j, self.expr(ed)[0]))
            else:
                j = self.fresh("j")
                lines = [pad + "REAL %s[%d];" % (a, SIZE)]
                self.scope.push()
                self.scope.add("int", j, SIZE)
                e = self.expr(ed)[0]
                self.scope.pop()
                lines.append(pad + "for (int %s = 0; %s < %d; ++%s)" % (j, j, SIZE, j))
                lines.append(pad + "  %s[%s] = %s;" % (a, j, e))
            self.scope.add("arr", a, SIZE)
            return lines
        if k == "arrwrite":
            a, _ = r.choice(arrays)
            idx = self.index()
            op = r.choice(["=", "=", "+=", "*=", "-=", "/="])
            if op == "=":
                e = self.squashed(ed) if loops else self.expr(ed)[0]
            elif op in ("+=", "-="):
                e = "0.3 * %s" % self.squashed(ed) if loops else self.expr(ed)[0]
            elif op == "/=":
                b = self.expr(min(ed, 2))[0]
                e = "(1.5 + %s * %s)" % (b, b)
            else:
                e = "(0.8 + 0.3 * %s)" % self.squashed(ed)
            return [pad + "%s[%s] %s %s;" % (a, idx, op, e)]
        if k == "if":
            c = self.cond(2)
            lines = [pad + "if (%s) {" % c]
            lines += self.block(r.randint(1, 3), depth - 1, loops, ind + 1)
            if r.random() < 0.2 and on("else-if"):
                lines.append(pad + "} else if (%s) {" % self.cond(2))
                lines += self.block(r.randint(1, 2), depth - 1, loops, ind + 1)
            if r.random() < 0.6:
                lines.append(pad + "} else {")
                lines += self.block(r.randint(1, 3), depth - 1, loops, ind + 1)
            lines.append(pad + "}")
            return lines
        if k == "ternary":
            v = r.choice(locals_)
            c = self.cond(2)
            a = self.squashed(2) if loops else self.expr(2)[0]
            b = self.squashed(2) if loops else self.expr(2)[0]
            return [pad + "%s = (%s) ? %s : %s;" % (v, c, a, b)]
        if k == "for":
            i = self.fresh("i")
            n = r.randint(1, 6)
            lines = [pad + "for (int %s = 0; %s < %d; ++%s) {" % (i, i, n, i)]
            self.scope.push()
            self.scope.add("int", i, n)
            body = []
            if r.random() < 0.25 and on("switch"):
                body += self.switch(i, n, depth - 1, loops + ["for"], ind + 1)
            body += self.block(r.randint(1, 3), depth - 1, loops + ["for"], ind + 1)
            if r.random() < 0.3:
                body = self.block(1, depth - 1, loops + ["for"], ind + 1) + body
            self.scope.pop()
            lines += body
            lines.append(pad + "}")
            return lines
        if k in ("while", "do"):
            w = self.fresh("w")
            kk = self.fresh("k")
            lines = [pad + "REAL %s = %s;" % (w, self.squashed(2)),
                     pad + "int %s = 0;" % kk]
            self.scope.add("var", w, "local")
            self.scope.push()
            self.scope.add("int", kk, None)
            step = [pad + "  ++%s;" % kk,
                    pad + "  %s += 0.3 + 0.1 * sin(%s);" % (w, self.expr(2)[0])]
            body = self.block(r.randint(1, 3), depth - 1, loops + [k], ind + 1)
            self.scope.pop()
            cond = "%s < 2 && %s < 8" % (w, kk)
            if k == "while":
                lines.append(pad + "while (%s) {" % cond)
            else:
                lines.append(pad + "do {")
            # a continue must not skip the step: put the step first then
            if any("continue;" in b for b in body) or r.random() < 0.5:
                lines += step + body
            else:
                lines += body + step
            lines.append(pad + ("}" if k == "while" else "} while (%s);" % cond))
            return lines
        if k == "jump":
            c = self.cond(2)
            inner = [l for l in loops if l != "switch"][-1]
            # no break out of a loop whose condition steps a counter
            j = "continue" if inner == "countdown" else r.choice(["break", "continue"])
            return [pad + "if (%s) %s;" % (c, j)]
        if k == "vecdecl":
            return self.stmt_vector(ind)
        if k == "pointer":
            return self.stmt_pointer(ind, arrays)
        if k == "ptrwrite":
            p, _ = r.choice(ptrs)
            op = r.choice(["=", "+=", "*="])
            e = self.squashed(2)
            if op == "*=":
                e = "(0.8 + 0.3 * %s)" % e
            return [pad + "*%s %s %s;" % (p, op, e)]
        if k == "ref":
            a, _ = r.choice(arrays)
            v = self.fresh("r")
            lines = [pad + "REAL &%s = %s[%s];" % (v, a, self.index())]
            self.scope.add("var", v, "local")
            return lines
        if k == "incexpr":
            return self.stmt_incexpr(ind, arrays)
        if k == "countdown":
            n = self.fresh("n")
            lines = [pad + "int %s = %d;" % (n, r.randint(0, 5)),
                     pad + "while (%s-- > 0) {" % n]
            self.scope.push()
            self.scope.add("int", n, None)
            lines += self.block(r.randint(1, 3), depth - 1, loops + ["countdown"], ind + 1)
            self.scope.pop()
            lines.append(pad + "}")
            return lines
        if k == "return":
            c = self.cond(2)
            return [pad + "if (%s) return %s;" % (c, self.expr(2)[0])]
        if k == "step":
            return self.stmt_step(ind)
        if k == "sum":
            return self.stmt_sum(loops, ind, locals_)
        raise AssertionError(k)

    def stmt_avail(self, pad, ed, locals_, params):
        """cos(a) into a variable, later sin(a) of the same argument: the
        partial of the second may read the first's variable
        (AvailableValues.h) -- unless something in between changes it."""
        r = self.r
        xs = [n for (n, e) in self.scope.of_kind("var")]
        x, y = r.choice(xs), r.choice(xs)
        arg = r.choice([x, "0.5 * %s" % x, "%s + %s" % (x, y), "%s * %s - 0.25" % (x, y)])
        f, g = r.choice([("cos", "sin"), ("sin", "cos")])
        h, u = self.fresh("v"), self.fresh("v")
        if r.random() < 0.4:
            # the partner first defined after: `REAL k; h = f(a); k = g(a);`
            # (the first's partial may read k, which is never restored)
            k = self.fresh("v")
            lines = [pad + "REAL %s;" % k, pad + "REAL %s = %s(%s);" % (h, f, arg)]
            writable = [v for v in (x, y) if v in locals_ or v in params]
            if r.random() < 0.3 and writable:
                v = r.choice(writable)
                lines.append(pad + "%s = 0.5 * %s + 0.1;" % (v, v))
            lines.append(pad + "%s = %s(%s);" % (k, g, arg))
            lines.append(pad + "REAL %s = %s * %s + %s;" % (u, h, k, self.squashed(ed)))
            for v in (h, k, u):
                self.scope.add("var", v, "local")
            return lines
        lines = [pad + "REAL %s = %s(%s);" % (h, f, arg)]
        writable = [v for v in (x, y) if v in locals_ or v in params]
        form = r.random()
        if form < 0.25:
            lines.append(pad + "%s = 0.5 * %s + 0.1;" % (h, h))
        elif form < 0.5 and writable:
            v = r.choice(writable)
            lines.append(pad + "%s = 0.5 * %s + 0.3 * tanh(%s);" % (v, v, self.expr(ed)[0]))
        lines.append(pad + "REAL %s = %s(%s) * %s + %s;" % (u, g, arg, self.squashed(ed), h))
        self.scope.add("var", h, "local")
        self.scope.add("var", u, "local")
        return lines

    def stmt_sum(self, loops, ind, locals_):
        """A loop of sums: new sums whose terms read the loop index and the
        variables in scope (the reduction rule applies), sometimes a term
        added into an existing local that it may read (then it does not),
        with continue/break on the index."""
        r = self.r
        pad = "  " * ind
        i = self.fresh("i")
        n = r.randint(1, 7)
        sums = [self.fresh("s") for _ in range(r.randint(1, 2))]
        lines = [pad + "REAL %s = %s;" % (s_, self.expr(2)[0]) for s_ in sums]
        lines.append(pad + "for (int %s = 0; %s < %d; ++%s) {" % (i, i, n, i))
        self.scope.push()
        self.scope.add("int", i, n)
        body = []
        if r.random() < 0.3:
            body.append(pad + "  if (%s %% 3 == 1) continue;" % i)
        # Sometimes arithmetic only, with an inactive power stepped in the
        # loop (llsq's `r -= x[j] * power; power *= t;`): the reverse sweep
        # runs such a loop forward again (ReplayedSums.cpp).
        power = None
        if r.random() < 0.3:
            power = self.fresh("pw")
            lines.insert(len(lines) - 1, pad + "double %s = %s;" % (power, self.const()))
        for s_ in sums:
            if power:
                term = "%s * %s" % (self.leaf()[0], power)
            else:
                term = self.squashed(2) if r.random() < 0.5 else self.expr(2)[0]
            body.append(pad + "  %s %s %s;" % (s_, r.choice(["+=", "-="]), term))
        if power:
            body.append(pad + "  %s *= %s;" % (power, r.choice(["0.9", "-0.7", "1.1"])))
        if locals_ and r.random() < 0.3:
            body.append(pad + "  %s += 0.3 * %s;" % (r.choice(locals_), self.squashed(2)))
        if r.random() < 0.2:
            body.append(pad + "  if (%s > %d) break;" % (i, r.randint(0, n)))
        self.scope.pop()
        lines += body
        lines.append(pad + "}")
        for s_ in sums:
            self.scope.add("var", s_, "local")
        return lines

    def stmt_vector(self, ind):
        """A std::vector<REAL> of SIZE elements, built one of several ways."""
        r = self.r
        pad = "  " * ind
        v = self.fresh("v")
        form = r.random()
        vecs = self.scope.of_kind("vec")
        if form < 0.25:
            es = [self.expr(2)[0] for _ in range(SIZE)]
            lines = [pad + "std::vector<REAL> %s = {%s};" % (v, ", ".join(es))]
        elif form < 0.45:
            lines = [pad + "std::vector<REAL> %s(%d, %s);" % (v, SIZE, self.expr(2)[0])]
        elif form < 0.65:
            j = self.fresh("j")
            lines = [pad + "std::vector<REAL> %s;" % v]
            self.scope.push()
            self.scope.add("int", j, SIZE)
            e = self.expr(2)[0]
            self.scope.pop()
            lines.append(pad + "for (int %s = 0; %s < %d; ++%s)" % (j, j, SIZE, j))
            lines.append(pad + "  %s.push_back(%s);" % (v, e))
        elif form < 0.8 and vecs:
            lines = [pad + "std::vector<REAL> %s = %s;" % (v, r.choice(vecs)[0])]
        else:
            lines = [pad + "std::vector<REAL> %s(%d);" % (v, SIZE)]
            for jj in range(SIZE):
                if r.random() < 0.7:
                    lines.append(pad + "%s[%d] = %s;" % (v, jj, self.expr(2)[0]))
        if r.random() < 0.2:
            # grow and shrink back: the shadow follows
            lines.append(pad + "%s.resize(%d, %s);" % (v, SIZE + 2, self.expr(1)[0]))
            lines.append(pad + "%s.pop_back();" % v)
            lines.append(pad + "%s.resize(%d);" % (v, SIZE))
        self.scope.add("vec", v, SIZE)
        return lines

    def stmt_pointer(self, ind, arrays):
        """A local pointer to an element of an array or vector."""
        r = self.r
        pad = "  " * ind
        a, _ = r.choice(arrays)
        p = self.fresh("p")
        k = r.randrange(SIZE)
        is_vec = a in [n for (n, _) in self.scope.of_kind("vec")]
        form = r.random()
        if form < 0.4:
            init = "&%s[%d]" % (a, k)
        elif is_vec:
            init = "%s.data() + %d" % (a, k)
        else:
            init = "%s + %d" % (a, k)
        lines = [pad + "REAL *%s = %s;" % (p, init)]
        if k + 1 < SIZE and r.random() < 0.3:
            lines.append(pad + "%s = %s + 1;" % (p, p) if r.random() < 0.5
                         else pad + "++%s;" % p)
        self.scope.add("ptr", p, None)
        return lines

    def stmt_incexpr(self, ind, arrays):
        """`a[c++ % 3]` inside a larger expression."""
        r = self.r
        pad = "  " * ind
        a, _ = r.choice(arrays)
        c = self.fresh("c")
        lines = [pad + "int %s = %d;" % (c, r.randint(0, 4))]
        step = r.choice(["%s++", "++%s", "%s--", "--%s"]) % c
        idx = "(%s + 8) %% %d" % (step, SIZE)
        if r.random() < 0.5:
            v = self.fresh("v")
            lines.append(pad + "REAL %s = %s[%s] * %s;" % (v, a, idx, self.expr(2)[0]))
            self.scope.add("var", v, "local")
        else:
            lines.append(pad + "%s[%s] = %s;" % (a, idx, self.squashed(2)))
        self.scope.add("int", c, None)
        return lines

    def stmt_step(self, ind):
        r = self.r
        pad = "  " * ind
        if True:
            self.called.add(self.step)
            srcs = [a for (a, s) in self.scope.of_kind("arr") if s == SIZE]
            srcs += ["%s.data()" % a for (a, s) in self.scope.of_kind("vec")]
            src = r.choice(srcs)
            dst = self.fresh("b")
            h, ha = self.expr(2)
            if not ha and not on("const-arg"):
                h, ha = r.choice(self.scope.of_kind("var"))[0], True
            if not ha:
                h = "REAL(%s)" % h
            self.scope.add("arr", dst, SIZE)
            return [pad + "REAL %s[%d];" % (dst, SIZE),
                    pad + "%s(%s, %s, %s);" % (self.step, h, src, dst)]

    def switch(self, i, n, depth, loops, ind):
        r = self.r
        pad = "  " * ind
        lines = [pad + "switch (%s) {" % i]
        labels = sorted(r.sample(range(n + 1), r.randint(1, min(3, n + 1))))
        for lab in labels:
            lines.append(pad + "case %d: {" % lab)
            lines += self.block(r.randint(1, 2), 0, loops + ["switch"], ind + 1)
            lines.append(pad + "}")
            if r.random() < 0.7:
                lines.append(pad + "  break;")
        if r.random() < 0.5:
            lines.append(pad + "default:")
            lines += self.block(1, 0, loops + ["switch"], ind + 1)
            lines.append(pad + "  break;")
        lines.append(pad + "}")
        return lines

    # -- functions ---------------------------------------------------------

    def helper(self, idx):
        r = self.r
        arity = r.randint(1, 2)
        name = "%s_h%d" % (self.name, idx)
        ps = ["a", "b"][:arity]
        self.scope = Scope()
        for p in ps:
            self.scope.add("var", p, "param")
        self.in_helper = True
        body = self.block(r.randint(0, 3), 1, [], 1)
        body.append("  return %s;" % self.expr(2)[0])
        self.in_helper = False
        params = ", ".join("REAL %s" % p for p in ps)
        templated = on("tmplhelper") and r.random() < 0.4
        self.helper_text.append((name, params, body, "REAL", templated))
        self.helpers.append((name, arity))

    def step_helper(self):
        name = "%s_step" % self.name
        self.scope = Scope()
        self.scope.add("var", "h", "param")
        self.scope.add("arr", "y", SIZE)
        self.in_helper = True
        body = []
        if self.r.random() < 0.5:
            body.append("  REAL s = %s;" % self.expr(2)[0])
            self.scope.add("var", "s", "local")
        for j in range(SIZE):
            body.append("  out[%d] = y[%d] + h * %s;" % (j, j, self.squashed(2)))
        self.in_helper = False
        self.helper_text.append((name, "REAL h, const REAL *y, REAL *out", body, "void", False))
        self.step = name

    def generate(self):
        r = self.r
        if on("struct") and r.random() < 0.35:
            self.struct = "S_%s" % self.name
        nh = r.choices([0, 1, 2, 3], weights=[4, 4, 2, 1])[0]
        for idx in range(nh if on("helpers") else 0):
            self.helper(idx)
        if r.random() < 0.25 and on("step"):
            self.step_helper()
        self.scope = Scope()
        self.params = ["x%d" % i for i in range(self.nparams)]
        for p in self.params:
            self.scope.add("var", p, "param")
        # An output array the function writes and reads back; its shadow is
        # a seed (contract §2).
        self.has_out = on("outparam") and r.random() < 0.3
        if self.has_out:
            self.scope.add("arr", "out", SIZE)
        body = self.block(r.randint(1, 6 * BIG[0]), 1 + BIG[0], [], 1)
        if self.step and self.step not in self.called:
            self.scope.add("arr", "ys", SIZE)
            body.append("  REAL ys[%d] = {%s};" % (SIZE, ", ".join(
                self.params[j % len(self.params)] for j in range(SIZE))))
            body += self.stmt_step(1)
        body.append("  return %s;" % self.final_return())
        self.body = body

    def final_return(self):
        """The last return: an expression, plus the last few live values and
        a call of each helper nothing called yet (so little code is dead)."""
        r = self.r
        terms = [self.expr(3)[0]]
        live = [n for (n, e) in self.scope.of_kind("var") if e == "local"]
        for v in live[-3:]:
            terms.append("%s * %s" % (self.const(), v))
        for (a, _) in self.scope.of_kind("arr")[-2:]:
            terms.append("%s * %s[%d]" % (self.const(), a, r.randrange(SIZE)))
        for (o, _) in self.scope.of_kind("obj")[-2:]:
            terms.append("%s * %s.%s" % (self.const(), o, r.choice("ab")))
        for (h, arity) in self.helpers:
            if h not in self.called:
                self.called.add(h)
                args = [self.leaf()[0] if on("const-arg") else
                        r.choice(self.scope.of_kind("var"))[0]
                        for _ in range(arity)]
                terms.append("%s(%s)" % (h, ", ".join(
                    "REAL(%s)" % a if re.match(r"^[0-9.]+$", a) else a for a in args)))
        return " + ".join(terms)


# The struct of a program that uses "struct": members, operators and a const
# member function (its dual twin is the same template).
STRUCT = """template <class R> struct %(S)s {
  R a, b;
  %(S)s operator+(const %(S)s &o) const { return %(S)s{a + o.a, b + o.b}; }
  %(S)s operator*(R k) const { return %(S)s{a * k, b * k}; }
  R dot(const %(S)s &o) const { return a * o.a + b * sin(o.b); }
};"""


def subst(lines, real):
    return "\n".join(re.sub(r"\bREAL\b", real, l) for l in lines)


class Program:
    def __init__(self, seed, index):
        self.index = index
        self.name = "p%d" % index
        rng = random.Random("ad-fuzz:%d:%d" % (seed, index))
        self.nparams = rng.randint(1, 3)
        if PARAMS[0]:
            self.nparams = PARAMS[0]
        self.gen = Gen(rng, self.name, self.nparams)
        self.gen.generate()
        # With an output array, its entry values are inputs too (after the
        # parameters), and the seeds of its final values are fixed weights.
        inputs = self.nparams + (SIZE if self.gen.has_out else 0)
        self.points = [[rng.uniform(-1.5, 1.5) for _ in range(inputs)]
                       for _ in range(3)]
        self.seeds = [round(rng.uniform(-1.0, 1.0), 2) for _ in range(SIZE)]

    def primal_text(self):
        out = ["// ---- program %d" % self.index]
        if self.gen.struct:
            out.append(STRUCT % {"S": self.gen.struct})
        for (name, params, body, ret, templated) in self.gen.helper_text:
            if templated:
                out.append("template <class R> static R %s(%s) {" %
                           (name, re.sub(r"\bREAL\b", "R", params)))
                out.append(subst(body, "R"))
                out.append("}")
                continue
            rt = "double" if ret == "REAL" else ret
            out.append("static %s %s(%s) {" % (rt, name, params.replace("REAL", "double")))
            out.append(subst(body, "double"))
            out.append("}")
        ps = ", ".join(["double %s" % p for p in self.gen.params] +
                       (["double *out"] if self.gen.has_out else []))
        out.append("[[ad::differentiate]] double %s(%s) {" % (self.name, ps))
        out.append(subst(self.gen.body, "double"))
        out.append("}")
        return "\n".join(out)

    def dual_text(self):
        out = []
        for (name, params, body, ret, _) in self.gen.helper_text:
            rt = "T" if ret == "REAL" else ret
            out.append("template <class T> static %s %s(%s) {" %
                       (rt, name, re.sub(r"\bREAL\b", "T", params)))
            out.append(subst(body, "T"))
            out.append("}")
        ps = ", ".join(["T %s" % p for p in self.gen.params] +
                       (["T *out"] if self.gen.has_out else []))
        out.append("template <class T> T %s_dual(%s) {" % (self.name, ps))
        out.append(subst(self.gen.body, "T"))
        out.append("}")
        return "\n".join(out)

    def check_text(self):
        if self.gen.has_out:
            return self.check_text_out()
        n = self.nparams
        pts = ", ".join("{%s}" % ", ".join(repr(v) for v in p) for p in self.points)
        xs = ", ".join("x[%d]" % i for i in range(n))
        gs = ", ".join("&g[%d]" % i for i in range(n))
        return ("  {\n"
                "    static const double pts[][%d] = {%s};\n"
                "    fzchk::run<%d>(\"%s\", pts, %d,\n"
                "      [](const double *x) { return %s(%s); },\n"
                "      [](const double *x, double *g) { return %s_grad(%s, %s); },\n"
                "      [](const fz::dual *x) { return dualv::%s_dual<fz::dual>(%s); });\n"
                "  }" % (n, pts, n, self.name, len(self.points), self.name, xs,
                         self.name, xs, gs, self.name, xs)) + self.jvp_text() + self.hvp_text()

    def hvp_text(self):
        """f_hvp along a direction (check.hpp run_hvp), for functions
        without outputs; skipped where not generated."""
        if "hvp" in OFF:
            return ""
        n = self.nparams
        pts = ", ".join("{%s}" % ", ".join(repr(v) for v in p) for p in self.points)
        xs = ", ".join("x[%d]" % i for i in range(n))
        ds = ", ".join("&d[%d]" % i for i in range(n))
        ts = ", ".join("t[%d]" % i for i in range(n))
        hs = ", ".join("&hv[%d]" % i for i in range(n))
        gs = ", ".join("&g[%d]" % i for i in range(n))
        call = "%s_hvp(%s, %s, %s, %s)" % (self.name, xs, ds, ts, hs)
        return ("\n  {\n"
                "    static const double pts[][%d] = {%s};\n"
                "    fzchk::run_hvp<%d>(\"%s\", pts, %d,\n"
                "      [](const double *x) { return %s(%s); },\n"
                "      [](auto *x, double *d, const double *t, double *hv) -> double {\n"
                "        if constexpr (fzchk::generated<decltype(%s)>) return %s;\n"
                "        else return hv[0] = NAN;\n"
                "      },\n"
                "      [](const double *x, double *g) { return %s_grad(%s, %s); });\n"
                "  }" % (n, pts, n, self.name, len(self.points), self.name, xs, call, call,
                         self.name, xs, gs))

    def jvp_text(self):
        """f_jvp along a direction: value, dual numbers, and f_grad by
        transposition (check.hpp run_jvp); skipped where not generated."""
        if "jvp" in OFF:
            return ""
        n = self.nparams
        out = self.gen.has_out
        m = n + (SIZE if out else 0)
        pts = ", ".join("{%s}" % ", ".join(repr(v) for v in p) for p in self.points)
        xs = ", ".join("x[%d]" % i for i in range(n))
        ts = ", ".join("t[%d]" % i for i in range(n))
        gs = ", ".join("&g[%d]" % i for i in range(n))
        if not out:
            call = "%s_jvp(%s, %s, tr)" % (self.name, xs, ts)
            return ("\n  {\n"
                    "    static const double pts[][%d] = {%s};\n"
                    "    fzchk::run_jvp<%d>(\"%s\", pts, %d,\n"
                    "      [](const double *x) { return %s(%s); },\n"
                    "      [](auto *x, const double *t, double *tr) -> double {\n"
                    "        if constexpr (fzchk::generated<decltype(%s)>) return %s;\n"
                    "        else return *tr = NAN;\n"
                    "      },\n"
                    "      [](const double *x, double *g) { return %s_grad(%s, %s); },\n"
                    "      [](const fz::dual *x) { return dualv::%s_dual<fz::dual>(%s); });\n"
                    "  }" % (n, pts, n, self.name, len(self.points), self.name, xs,
                             call, call, self.name, xs, gs, self.name, xs))
        w = ", ".join(repr(v) for v in self.seeds)
        entry = ", ".join("x[%d]" % (n + k) for k in range(SIZE))
        tentry = ", ".join("t[%d]" % (n + k) for k in range(SIZE))
        seeded = " + ".join("w[%d] * o[%d]" % (k, k) for k in range(SIZE))
        tseeded = " + ".join("w[%d] * to[%d]" % (k, k) for k in range(SIZE))
        call = "%s_jvp(%s, o, %s, to, tr)" % (self.name, xs, ts)
        return ("\n  {\n"
                "    static const double pts[][%d] = {%s};\n"
                "    static const double w[%d] = {%s};\n"
                "    fzchk::run_jvp<%d>(\"%s\", pts, %d,\n"
                "      [](const double *x) {\n"
                "        double o[%d] = {%s};\n"
                "        double v = %s(%s, o);\n"
                "        return v + %s;\n"
                "      },\n"
                "      [](auto *x, const double *t, double *tr) -> double {\n"
                "        double o[%d] = {%s}, to[%d] = {%s};\n"
                "        if constexpr (fzchk::generated<decltype(%s)>) {\n"
                "          double v = %s;\n"
                "          *tr += %s;\n"
                "          return v + %s;\n"
                "        } else {\n"
                "          (void)o, (void)to;\n"
                "          return *tr = NAN;\n"
                "        }\n"
                "      },\n"
                "      [](const double *x, double *g) {\n"
                "        double o[%d] = {%s};\n"
                "        double d[%d] = {%s};\n"
                "        double v = %s_grad(%s, o, %s, d);\n"
                "        for (int k = 0; k < %d; ++k) g[%d + k] = d[k];\n"
                "        return v + %s;\n"
                "      },\n"
                "      [](const fz::dual *x) {\n"
                "        fz::dual o[%d] = {%s};\n"
                "        fz::dual v = dualv::%s_dual<fz::dual>(%s, o);\n"
                "        return v + %s;\n"
                "      });\n"
                "  }" % (m, pts, SIZE, w, m, self.name, len(self.points),
                         SIZE, entry, self.name, xs, seeded,
                         SIZE, entry, SIZE, tentry, call, call, tseeded, seeded,
                         SIZE, entry, SIZE, w, self.name, xs, gs, SIZE, n, seeded,
                         SIZE, entry, self.name, xs, seeded))


    def check_text_out(self):
        """Checks L = f(x, out) + w . out(final) over the inputs (x, entry
        out): f_grad with d_out = w returns f's value and gives d_x and the
        new d_out = dL/d(entry out); it must also leave out as f does (else
        its value is NaN, a value failure)."""
        n = self.nparams
        m = n + SIZE
        pts = ", ".join("{%s}" % ", ".join(repr(v) for v in p) for p in self.points)
        w = ", ".join(repr(v) for v in self.seeds)
        xs = ", ".join("x[%d]" % i for i in range(n))
        gs = ", ".join("&g[%d]" % i for i in range(n))
        seeded = " + ".join("w[%d] * o[%d]" % (k, k) for k in range(SIZE))
        return ("  {\n"
                "    static const double pts[][%d] = {%s};\n"
                "    static const double w[%d] = {%s};\n"
                "    fzchk::run<%d>(\"%s\", pts, %d,\n"
                "      [](const double *x) {\n"
                "        double o[%d] = {%s};\n"
                "        double v = %s(%s, o);\n"
                "        return v + %s;\n"
                "      },\n"
                "      [](const double *x, double *g) {\n"
                "        double o[%d] = {%s}, of[%d] = {%s};\n"
                "        double d[%d] = {%s};\n"
                "        double v = %s_grad(%s, o, %s, d);\n"
                "        (void)%s(%s, of);\n"
                "        for (int k = 0; k < %d; ++k) g[%d + k] = d[k];\n"
                "        if (std::memcmp(o, of, sizeof o) != 0) return (double)NAN;\n"
                "        return v + %s;\n"
                "      },\n"
                "      [](const fz::dual *x) {\n"
                "        fz::dual o[%d] = {%s};\n"
                "        fz::dual v = dualv::%s_dual<fz::dual>(%s, o);\n"
                "        return v + %s;\n"
                "      });\n"
                "  }" % (m, pts, SIZE, w, m, self.name, len(self.points),
                         SIZE, ", ".join("x[%d]" % (n + k) for k in range(SIZE)),
                         self.name, xs, seeded,
                         SIZE, ", ".join("x[%d]" % (n + k) for k in range(SIZE)),
                         SIZE, ", ".join("x[%d]" % (n + k) for k in range(SIZE)),
                         SIZE, w, self.name, xs, gs, self.name, xs, SIZE, n, seeded,
                         SIZE, ", ".join("x[%d]" % (n + k) for k in range(SIZE)),
                         self.name, xs, seeded)) + self.jvp_text()


def file_text(seed, programs):
    parts = ["// Generated by test/fuzz/fuzz.py --seed %d: programs %s." %
             (seed, ", ".join(str(p.index) for p in programs)),
             "#include \"check.hpp\"",
             "#include <algorithm>",
             "#include <cmath>",
             "#include <cstring>",
             "#include <vector>",
             ""]
    for p in programs:
        parts.append(p.primal_text())
        parts.append("")
    parts.append("namespace dualv {")
    for p in programs:
        parts.append(p.dual_text())
        parts.append("")
    parts.append("} // namespace dualv")
    parts.append("")
    parts.append("int main() {")
    for p in programs:
        parts.append(p.check_text())
    parts.append("  return fzchk::done();")
    parts.append("}")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------
# Compiling and running

PLUGIN_LOAD = re.compile(r"unable to load plugin|error loading plugin|"
                         r"cannot open shared object|undefined symbol")

print_lock = threading.Lock()
JVP_STATS = [0, 0]  # functions whose f_jvp was checked, skipped (not generated)
HVP_STATS = [0, 0]  # likewise f_hvp (functions without outputs)


def compile_and_run(adxx, flags, src, exe, names, timeouts):
    """Returns (failures, log): failures maps name -> message."""
    cmd = [adxx, "-std=c++17"] + flags + ["-I" + HERE, src, "-o", exe]
    for attempt in range(5):
        try:
            cp = subprocess.run(cmd, capture_output=True, text=True,
                                timeout=timeouts[0])
        except subprocess.TimeoutExpired:
            return {n: "compiler timed out" for n in names}, ""
        if cp.returncode != 0 and PLUGIN_LOAD.search(cp.stderr) and attempt < 4:
            time.sleep(30)  # someone may be rebuilding the plugin
            continue
        break
    if cp.returncode != 0:
        what = ("compiler crashed (signal %d)" % -cp.returncode
                if cp.returncode < 0 else "compile error")
        return {n: what for n in names}, cp.stderr
    try:
        rp = subprocess.run([exe], capture_output=True, text=True,
                            timeout=timeouts[1])
    except subprocess.TimeoutExpired:
        return {n: "program timed out" for n in names}, ""
    for line in rp.stdout.splitlines():
        m = re.match(r"(JVP|HVP) (\d+) checked (\d+) skipped", line)
        if m:
            stats = JVP_STATS if m.group(1) == "JVP" else HVP_STATS
            with print_lock:
                stats[0] += int(m.group(2))
                stats[1] += int(m.group(3))
    failures = {}
    for line in rp.stdout.splitlines():
        m = re.match(r"FAIL (\S+) (.*)", line)
        if m:
            name, rest = m.groups()
            if name in failures:
                failures[name][1] += 1
            else:
                failures[name] = [rest, 0]
    failures = {n: m + ("" if more == 0 else " (+%d more)" % more)
                for n, (m, more) in failures.items()}
    if "DONE" not in rp.stdout or rp.returncode not in (0, 1):
        what = ("program crashed (signal %d)" % -rp.returncode
                if rp.returncode < 0 else "program exited %d without finishing"
                % rp.returncode)
        started = re.findall(r"^RUN (\S+)", rp.stdout, re.M)
        out = {n: what for n in names}
        if started:
            out[started[-1]] = what + ", while checking this function"
        return out, rp.stderr[-4000:]
    return failures, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--programs", type=int, default=100)
    ap.add_argument("--per-file", type=int, default=30)
    ap.add_argument("--work", required=True, help="directory for files")
    ap.add_argument("--adxx", default=os.path.join(HERE, "..", "..", "build",
                                                   "bin", "ad-clang++"))
    ap.add_argument("--keep", action="store_true",
                    help="keep all files (default: keep only failing ones)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="compilers (and programs) run at once")
    ap.add_argument("--cxxflags", default="-O1",
                    help="compiler flags besides -std=c++17 (default -O1)")
    ap.add_argument("--only", action="append", metavar="J[-L]",
                    help="generate only program J (or J..L) of the seed (repeatable)")
    ap.add_argument("--without", action="append", default=[], metavar="FEATURE",
                    choices=FEATURES,
                    help="do not generate FEATURE (repeatable): " + " ".join(FEATURES))
    ap.add_argument("--size", type=int, default=1,
                    help="bigger functions: up to 6*SIZE top-level statements, "
                    "nesting depth 1+SIZE (default 1)")
    ap.add_argument("--params", type=int, default=0,
                    help="parameters per function (default: 1 to 3); with 1 "
                    "and --without helpers, switch, arrdecl, arrwrite, step "
                    "the gradients are in forward mode")
    ap.add_argument("--print", action="store_true",
                    help="print the generated source instead of running it")
    ap.add_argument("--compile-timeout", type=int, default=600)
    ap.add_argument("--run-timeout", type=int, default=60)
    args = ap.parse_args()
    OFF.update(args.without)
    BIG[0] = args.size
    PARAMS[0] = args.params

    if args.only:
        indices = []
        for spec in args.only:
            lo, _, hi = spec.partition("-")
            indices += range(int(lo), int(hi or lo) + 1)
    else:
        indices = list(range(args.programs))
    k = max(1, args.per_file)
    groups = [indices[i:i + k] for i in range(0, len(indices), k)]

    if args.print:
        for g in groups:
            sys.stdout.write(file_text(args.seed, [Program(args.seed, j) for j in g]))
        return 0

    os.makedirs(args.work, exist_ok=True)
    jobs = []
    for n, g in enumerate(groups):
        progs = [Program(args.seed, j) for j in g]
        base = os.path.join(args.work, "fuzz_s%d_%04d" % (args.seed, n))
        if args.only:
            base = os.path.join(args.work, "fuzz_s%d_only_%d_%d" %
                                (args.seed, g[0], g[-1]))
        with open(base + ".cpp", "w") as f:
            f.write(file_text(args.seed, progs))
        jobs.append((base, [p.name for p in progs]))

    total = len(indices)
    failed = 0
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(compile_and_run, args.adxx, args.cxxflags.split(),
                          base + ".cpp", base + ".bin",
                          names, (args.compile_timeout, args.run_timeout))
                for (base, names) in jobs]
        for (base, names), fut in zip(jobs, futs):
            failures, log = fut.result()
            failed += len(failures)
            for n in names:
                if n in failures:
                    print("FAIL %s.cpp: %s (seed %d, --only %s): %s" %
                          (base, n, args.seed, n[1:], failures[n]))
            if log:
                print(log.rstrip())
            if not failures and not args.keep:
                for ext in (".cpp", ".bin"):
                    try:
                        os.remove(base + ext)
                    except OSError:
                        pass
            sys.stdout.flush()
    print("fuzz: %d programs, %d failed" % (total, failed))
    print("fuzz: f_jvp checked in %d functions, not generated in %d" % tuple(JVP_STATS))
    print("fuzz: f_hvp checked in %d functions, not generated in %d" % tuple(HVP_STATS))
    sys.stderr.write("fuzz: %.1f s\n" % (time.time() - start))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
