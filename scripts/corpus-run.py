#!/usr/bin/env python3
"""The corpus run (issue 13): mark every function that returns a real, one
at a time, in a body of C++ nobody wrote for this, and compile each.

For every definition at the start of a line that returns float, double or
long double (not a template, not main, not already marked: the file's own
marked functions and its calls of their gradients stay) in the files
given, that one function is marked [[ad::differentiate]] and the file is
compiled with the plugin. Each outcome is one of:

  gradient    it compiled; for a function of doubles only (by value), its
              f_grad was also run at one point and agreed with central
              differences (where the differences are smooth there)
  diagnostic  the plugin refused it with an error in the user's code
  WRONG       the gradient disagreed with central differences
  BROKEN      generated code did not compile (an error in the .ad.cpp)
  CRASH       the compiler crashed or timed out

Zero WRONG, BROKEN and CRASH is the bar.

    python3 scripts/corpus-run.py [--work DIR] [--adxx PATH] [--jobs N] PATH...
    python3 scripts/corpus-run.py test/gradients test/programs examples bench/workloads.cpp

Prints one line per non-passing outcome, then the counts.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFINITION = re.compile(
    r"^(?P<prefix>(?:(?:static|inline|constexpr)\s+)*)(?P<type>long\s+double|double|float)\s+"
    r"(?P<name>[A-Za-z_]\w*)\s*\((?P<params>[^)]*)\)\s*(?:const\s*)?\{", re.M)
MARK = re.compile(r"\[\[ad::differentiate(\([^\]]*\))?\]\]\s*")
FLAGS = ["-std=c++17", f"-I{ROOT}/test/support", f"-I{ROOT}/test/fuzz",
         f"-I{ROOT}/runtime/include", f"-I{ROOT}/bench", "-I/usr/include/eigen3"]

CHECK_MAIN = r"""
#include <cmath>
#include <cstdio>
int main() {
  double x[%(n)d] = {%(point)s};
  double g[%(n)d] = {};
  %(name)s_grad(%(args)s);
  int bad = 0;
  for (int k = 0; k < %(n)d; ++k) {
    auto at = [&](double ad_corpus_step) {
      double p[%(n)d], m[%(n)d];
      for (int i = 0; i < %(n)d; ++i) p[i] = m[i] = x[i];
      p[k] += ad_corpus_step; m[k] -= ad_corpus_step;
      return (%(name)s(%(plus)s) - %(name)s(%(minus)s)) / (2 * ad_corpus_step);
    };
    double d1 = at(1e-6), d2 = at(2e-6), scale = std::fmax(1.0, std::fabs(d1));
    if (!std::isfinite(d1) || !std::isfinite(g[k]) || std::fabs(d1 - d2) > 1e-6 * scale)
      continue; // not smooth here
    if (std::fabs(g[k] - d1) > 1e-5 * scale) {
      std::printf("d/dx%%d: f_grad %%.17g, central differences %%.17g\n", k, g[k], d1);
      bad = 1;
    }
  }
  return bad;
}
"""


def candidates(path):
    """Definitions returning a real that the file does not mark itself (its
    marked functions are its own tests; its calls of their f_grad stay
    valid)."""
    text = open(path).read()
    for m in DEFINITION.finditer(text):
        before = text[:m.start()].rstrip()
        if m.group("name") == "main" or before.endswith(">"):  # a template
            continue
        if MARK.search(text[text.rfind("\n", 0, max(0, len(before) - 1)) + 1:m.start()]):
            continue  # already marked
        yield m


def doubles_only(params):
    params = params.strip()
    if not params or params == "void":
        return None
    names = []
    for p in params.split(","):
        m = re.fullmatch(r"\s*(?:const\s+)?double\s+([A-Za-z_]\w*)\s*", p)
        if not m:
            return None
        names.append(m.group(1))
    return names


def run_one(path, m, args, index):
    outcome = attempt(path, m, args, index, check=True)
    # In a namespace or a class: the check's unqualified call cannot see
    # it; compiling is then the test.
    # Or the file does not link alone: compiling is the test.
    if outcome[0] == "link" or (outcome[0] == "diagnostic" and
                                f"undeclared identifier '{m.group('name')}_grad'" in outcome[1]):
        outcome = attempt(path, m, args, index, check=False)
    return outcome


def attempt(path, m, args, index, check):
    text = open(path).read()
    name = m.group("name")
    marked = text[:m.start()] + "[[ad::differentiate]] " + text[m.start():]
    params = doubles_only(m.group("params")) if check else None
    if params:
        marked = marked.replace("int main(", "int ad_corpus_original_main(", 1)
        n = len(params)
        xs = ", ".join(f"{0.3 + 0.37 * i:.2f}" for i in range(n))
        marked += CHECK_MAIN % {
            "n": n, "point": xs, "name": name,
            "args": ", ".join([f"x[{i}]" for i in range(n)] + [f"&g[{i}]" for i in range(n)]),
            "plus": ", ".join(f"p[{i}]" for i in range(n)),
            "minus": ", ".join(f"m[{i}]" for i in range(n))}
    stem = f"{index:04d}_{os.path.splitext(os.path.basename(path))[0]}_{name}"
    source = os.path.join(args.work, stem + ".cpp")
    with open(source, "w") as f:
        f.write(marked)
    binary = os.path.join(args.work, stem)
    emit = os.path.join(args.work, stem + ".gen")
    command = [args.adxx] + FLAGS + ["-I" + os.path.dirname(os.path.abspath(path)), "-O1",
                                     source, f"-fplugin-arg-ad-emit={emit}"]
    command += ["-o", binary] if params else ["-fsyntax-only"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "CRASH", f"{path}: {name}: the compiler timed out"
    if run.returncode not in (0, 1) or "PLEASE submit a bug report" in run.stderr:
        return "CRASH", f"{path}: {name}: exit {run.returncode}\n{run.stderr[-2000:]}"
    if run.returncode == 1:
        errors = [l for l in run.stderr.splitlines() if ": error: " in l]
        if any(".ad.cpp:" in l for l in errors):
            return "BROKEN", f"{path}: {name}:\n" + "\n".join(errors[:5])
        if any("ad_corpus_original_main" in l or "undefined reference" in l for l in
               run.stderr.splitlines()):
            return "link", ""  # the file needs another to link, or its main
        return "diagnostic", f"{path}: {name}: " + (errors[0] if errors else run.stderr[:300])
    if params:
        try:
            check = subprocess.run([binary], capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return "gradient", ""
        if check.returncode != 0:
            return "WRONG", f"{path}: {name}: {check.stdout.strip()} (kept: {source})"
    return "gradient", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", default="/tmp/ad-corpus")
    parser.add_argument("--adxx", default=os.path.join(ROOT, "build", "bin", "ad-clang++"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", action="store_true", help="print every diagnostic too")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    files = []
    for p in args.paths:
        if os.path.isdir(p):
            for dirpath, _, names in os.walk(p):
                files += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(".cpp")]
        else:
            files.append(p)
    jobs = [(f, m) for f in files for m in candidates(f)]
    counts = {k: 0 for k in ("gradient", "diagnostic", "WRONG", "BROKEN", "CRASH")}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(lambda j: run_one(j[1][0], j[1][1], args, j[0]), enumerate(jobs))
        for outcome, message in results:
            counts[outcome] += 1
            if message and (outcome != "diagnostic" or args.verbose):
                print(f"{outcome}: {message}")
    print(f"corpus: {len(files)} files, {len(jobs)} functions: " +
          ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 1 if counts["WRONG"] or counts["BROKEN"] or counts["CRASH"] else 0


if __name__ == "__main__":
    sys.exit(main())
