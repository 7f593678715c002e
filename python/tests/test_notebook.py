"""examples/python/seed.ipynb runs top to bottom (jupyter nbconvert
--execute into a temporary directory: the source tree is left as it is)."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, subprocess_env


def test_seed_notebook_executes(tmp_path):
    # This interpreter's nbconvert (Debian's jupyter-nbconvert), whatever
    # other `jupyter` may come first on PATH.
    if importlib.util.find_spec("nbconvert") is None or \
            importlib.util.find_spec("ipykernel") is None:
        pytest.skip("Jupyter is not installed (scripts/setup.sh installs it)")
    cmd = [sys.executable, "-m", "nbconvert"]
    env = subprocess_env()
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"   # a debugger warning on stderr
    proc = subprocess.run(
        cmd + ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
               "--output-dir", str(tmp_path), str(EXAMPLES / "seed.ipynb")],
        env=env, capture_output=True, text=True, timeout=400, cwd=EXAMPLES)
    assert proc.returncode == 0, proc.stderr[-4000:]
    with open(tmp_path / "seed.ipynb", encoding="utf-8") as fh:
        nb = json.load(fh)
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code"
               for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "".join("".join(o.get("text", "")) +
                   "".join(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "f'(1) = -0.26242653107" in text
    assert "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL" in text
    assert any("image/png" in o.get("data", {}) for o in outputs)   # the plot
    assert not os.path.exists(EXAMPLES / "seed.nbconvert.ipynb")
