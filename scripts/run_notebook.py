#!/usr/bin/env python3
"""Runs a Jupyter notebook's code cells in order in one namespace, as a kernel would, without
Jupyter: `python3 scripts/run_notebook.py NOTEBOOK.ipynb [--json-out FILE --variable NAME]`.
Cell output goes to stdout; a failing cell stops the run with its cell number (exit code 1).
With --json-out, the variable NAME (default `summary`) is written there as JSON afterwards.
Used by test/engine/exportNotebook.test.ts on the notebook Focal Lab exports.
"""
import argparse
import json
import sys
import traceback


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("--json-out")
    parser.add_argument("--variable", default="summary")
    args = parser.parse_args()
    with open(args.notebook, encoding="utf-8") as handle:
        notebook = json.load(handle)
    namespace = {"__name__": "__main__"}
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = "".join(cell["source"])
        print(f"--- code cell {number} of {len(code_cells)}", flush=True)
        try:
            exec(compile(source, f"<cell {number}>", "exec"), namespace)
        except Exception:  # noqa: BLE001 -- report which cell failed, then stop like "Run All"
            traceback.print_exc()
            print(f"code cell {number} failed", file=sys.stderr)
            return 1
        sys.stdout.flush()
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as handle:
            json.dump(namespace[args.variable], handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
