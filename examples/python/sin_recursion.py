"""The seed notebook's first part, with f in C++: f(x) = 100 steps of
y = sin(y + x), its derivative from the plugin's f_grad, checked against
central differences, and both plotted over [-2, 2] with matplotlib.

    PYTHONPATH=python /usr/bin/python3 examples/python/sin_recursion.py [PNG]

PNG defaults to build/examples/sin_recursion_python.png (never the source
tree).
"""

import sys

import numpy as np

import seed_support as seed


def main(argv):
    png = argv[1] if len(argv) > 1 else str(seed.BUILD / "examples" /
                                             "sin_recursion_python.png")
    m = seed.compile_sin()
    f = m.f
    value, slope = f.value_and_grad(1.0)
    h = 1e-6
    central = (f(1.0 + h) - f(1.0 - h)) / (2 * h)
    print(f"f(1)  = {value:.15g}")
    print(f"f'(1) = {slope:.15g}  (central differences: {central:.15g})")

    xs = np.linspace(-2, 2, 250)
    ys = np.array([f(x) for x in xs])
    dys = np.array([f.grad(x) for x in xs])
    fd = np.array([(f(x + h) - f(x - h)) / (2 * h) for x in xs])
    worst = np.max(np.abs(dys - fd) / np.maximum(1.0, np.abs(dys)))
    print(f"max relative difference to central differences over 250 points: "
          f"{worst:.2e} ({'ok' if worst < 1e-5 else 'TOO LARGE'})")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import os
    os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, ys, label="f(x)")
    ax.plot(xs, dys, label="f'(x)  (f.grad: the plugin's f_grad)")
    ax.set_xlabel("x")
    ax.set_title("y = sin(y + x), 100 times")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    print(f"plot: {png}")
    return 0 if worst < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
