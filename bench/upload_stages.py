"""Benchmark: the upload pipeline's stages before any writing, for the district workbook of
bench.upload (10,000 school rows × 20 elements), each against python-calamine alone reading the
same file in the same run: read (safety checks, calamine, formula scan), the school codes, the
bureau's schools and elements (load_context), validate, and a whole preview against a period that
holds no values yet (so the figure does not include reading stored values). Best of --repeat.

    python -m bench.upload_stages [--schools 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

from bench.upload import _calamine, _setup, _workbook


def _best(f, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        gc.disable()  # as upload() runs (ingest.upload._no_cycle_collection)
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
        gc.enable()
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="上传流水线各阶段基准测试（不写库）")
    ap.add_argument("--schools", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="edukpi-bench-"))
    codes = _setup(f"sqlite:///{tmp / 'bench.db'}", args.schools)
    period = "2026-02"
    content = _workbook(codes, period)

    from auth.principal import SYSTEM
    from db.session import read_session
    from ingest import upload as up
    from ingest.read import read
    from ingest.validate import validate

    cal_s, _ = _best(lambda: _calamine(content), args.repeat)
    t_read, sheet = _best(lambda: read("片区.xlsx", content), args.repeat)
    t_codes, codes_in_file = _best(lambda: up._school_codes(sheet), args.repeat)
    with read_session() as s:
        t_ctx, (rules, schools, _ids) = _best(lambda: up.load_context(s, None, codes_in_file), args.repeat)
    t_val, v = _best(lambda: validate(sheet, rules, schools, SYSTEM, period, None), args.repeat)
    assert not v.errors and len(v.rows) == args.schools, [e.message for e in v.errors][:3]
    t_prev, r = _best(lambda: up.upload(SYSTEM, "片区.xlsx", content, period=period, commit=False, detail=False),
                      args.repeat)
    assert r.status == "ready", [e.message for e in r.errors][:3]
    print(f"文件：{args.schools} 行 × 20 项，各阶段取 {args.repeat} 次中最好的一次")
    print(f"python-calamine 仅读取（参照）：{cal_s:.3f} 秒")
    print(f"读取（安全检查 + calamine + 公式检查）：{t_read:.3f} 秒，为 calamine 的 {t_read / cal_s:.2f} 倍")
    print(f"取学校标识码：{t_codes * 1000:.1f} 毫秒；载入本局学校与项目：{t_ctx * 1000:.1f} 毫秒")
    print(f"校验：{t_val * 1000:.1f} 毫秒；读取 + 校验：{t_read + t_val:.3f} 秒，为 calamine 的 {(t_read + t_val) / cal_s:.2f} 倍")
    print(f"整份预览（空期间，不写库）：{t_prev:.3f} 秒，为 calamine 的 {t_prev / cal_s:.2f} 倍")
    return 0


if __name__ == "__main__":
    sys.exit(main())
