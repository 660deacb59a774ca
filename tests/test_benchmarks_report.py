"""The benchmark scripts fail loudly: a MISSED figure or missing data gives a non-zero exit status."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The scripts that judge figures (the others, like search_queries.py, build their inputs).
BENCHMARKS = sorted(p for p in (PROJECT / "benchmarks").glob("*.py")
                    if not p.name.startswith("_") and "(target:" in p.read_text(encoding="utf-8"))


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=PROJECT / "benchmarks", capture_output=True,
                          text=True, timeout=60)


def test_a_missed_figure_exits_non_zero():
    done = _run("import sys; from _bench import verdict, exit_status\n"
                "print('x: 2 ms (target: < 1 ms)', verdict(False, 'x')); sys.exit(exit_status())")
    assert done.returncode == 1 and "MISSED" in done.stdout


def test_all_ok_exits_zero():
    done = _run("import sys; from _bench import verdict, exit_status\n"
                "print('x: 1 ms (target: < 2 ms)', verdict(True, 'x')); sys.exit(exit_status())")
    assert done.returncode == 0 and done.stdout.strip().endswith("ok")


def test_missing_data_says_which_file_and_exits_non_zero(tmp_path):
    missing = tmp_path / "nowhere.csv"
    done = _run(f"from _bench import require; require(__import__('pathlib').Path({str(missing)!r}))")
    assert done.returncode == 2 and str(missing) in done.stderr


def test_every_benchmark_script_exits_with_its_verdicts():
    """Each script judges its figures with `verdict` and ends with `sys.exit(main())` returning
    `exit_status()`, so none can print MISSED and still exit 0."""
    assert BENCHMARKS
    for script in BENCHMARKS:
        source = script.read_text(encoding="utf-8")
        tree = ast.parse(source)
        called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert {"verdict", "exit_status"} <= called, f"{script.name} does not use _bench.verdict/exit_status"
        assert "sys.exit(main())" in source, f"{script.name} does not exit with main()'s status"
        assert "'ok' if" not in source and '"ok" if' not in source, f"{script.name} prints its own verdicts"
