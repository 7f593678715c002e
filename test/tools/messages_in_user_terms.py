#!/usr/bin/env python3
"""Every message the plugin gives speaks the user's language.

Compiles each file given with the plugin (-fsyntax-only, without -verify,
so every diagnostic is printed), collects the errors, warnings and notes,
and fails on any that names a Clang class (`ExprWithCleanups`,
`MaterializeTemporaryExpr`, `CXXOperatorCallExpr`, `DeclRefExpr`, ...)
or says "this kind of".

    messages_in_user_terms.py --adxx COMPILER [FLAGS...] -- SOURCE...

Prints the offending messages, then "messages: N, in Clang's terms: N".
"""
import re
import subprocess
import sys

DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning|note): (?P<text>.*)$")
CLANG_TERMS = re.compile(
    r"\b(CXX[A-Z]\w*|\w+(Expr|Stmt|Decl|Literal|TypeLoc|Operator)|ExprWithCleanups|"
    r"ImplicitCast\w*|LValueToRValue|RecoveryExpr)\b|this kind of")


def main():
    args = sys.argv[1:]
    split = args.index("--")
    if args[0] != "--adxx":
        sys.exit("usage: messages_in_user_terms.py --adxx COMMAND... -- SOURCE...")
    adxx, sources = args[1:split], args[split + 1:]
    total = bad = 0
    for source in sources:
        run = subprocess.run(adxx + ["-fsyntax-only", source],
                             capture_output=True, text=True)
        for line in run.stderr.splitlines():
            m = DIAGNOSTIC.match(line)
            if not m:
                continue
            total += 1
            if CLANG_TERMS.search(m.group("text")):
                bad += 1
                print(f"{source}: {line}")
    print(f"messages: {total}, in Clang's terms: {bad}")
    return 1 if bad or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
