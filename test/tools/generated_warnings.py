#!/usr/bin/env python3
"""Compiles the generated code of every test program with -Wall -Wextra.

For each source file given (directories: their *.cpp), runs ad-gen, then
compiles its output with clang++-19 and g++ (-std=c++17 -Wall -Wextra
-fsyntax-only). The generated regions of ad-gen's output carry `#line`
directives naming the output file itself (`name.ad.cpp`), the user's code
names the source; so a warning located in the output file is a warning in
generated code, and the check fails on it. The user's own warnings (a
test's unused parameter) are not counted. Every source given must
generate (the diagnostics tests, whose errors are the test, are not
given).

    generated_warnings.py --ad-gen PATH --work DIR [-I DIR...] SOURCE...

Prints one line per warning in generated code, then
"generated code: N files, N compiled, N warnings".
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

COMPILERS = [("clang++", "/usr/lib/llvm-19/bin/clang++"), ("g++", "g++")]
WARNING = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): warning: (?P<text>.*)$")


def sources(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".cpp"):
                    yield os.path.join(path, name)
        else:
            yield path


def check(source, args):
    """(compiled?, [warning lines in generated code])"""
    base = os.path.splitext(os.path.basename(source))[0]
    parent = os.path.basename(os.path.dirname(source))
    out = os.path.join(args.work, f"{parent}_{base}.ad.cpp")
    flags = ["-std=c++17"] + [f"-I{d}" for d in args.include]
    gen = subprocess.run([args.ad_gen, source, "-o", out, "--"] + flags,
                         capture_output=True, text=True)
    if gen.returncode != 0:
        return False, [f"{source}: ad-gen failed:\n{gen.stderr}"]
    found = []
    for name, compiler in COMPILERS:
        run = subprocess.run([compiler] + flags + ["-Wall", "-Wextra", "-fsyntax-only", out],
                             capture_output=True, text=True)
        if run.returncode != 0:
            found.append(f"{source}: {name} does not compile the generated code:\n{run.stderr}")
            continue
        for line in run.stderr.splitlines():
            m = WARNING.match(line)
            if m and os.path.abspath(m.group("file")) == os.path.abspath(out):
                found.append(f"{source}: {name}: {line}")
    return True, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ad-gen", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("-I", dest="include", action="append", default=[])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("sources", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    files = list(sources(args.sources))
    compiled = warnings = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for ok, found in pool.map(lambda s: check(s, args), files):
            compiled += ok
            warnings += len(found)
            for line in found:
                print(line)
    print(f"generated code: {len(files)} files, {compiled} compiled, {warnings} warnings")
    return 1 if warnings or compiled != len(files) else 0


if __name__ == "__main__":
    sys.exit(main())
