"""Benchmark of documents' checks on realistic files, next to `qpdf --check` in the same run.

    .venv/bin/python benchmarks/documents_bench.py [--files 24]

PDFs of 1–10 MB (scanned-image pages and text pages) and face photos are generated into a
temporary directory; each is checked the way the service does (isolated worker, time and memory
bounds). Prints files/s, MB/s, p50/p99 per file and the workers' peak memory, then the same
PDFs through `qpdf --check` (Debian package qpdf) or, without it, libqpdf's own check via pikepdf.
"""

import argparse
import asyncio
import io
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image
from residency_contracts import AttachmentKind
from residency_documents.isolation import check_file_isolated, check_pool
from residency_sandbox import SandboxPool


def scanned_pdf(target_mb: float, rng: random.Random) -> bytes:
    """Pages that are noisy JPEG scans (incompressible, like real scans) plus a text page."""
    import pikepdf

    pdf = pikepdf.new()
    page_jpeg = io.BytesIO()
    side = 1400
    Image.frombytes("L", (side, side), rng.randbytes(side * side)).save(page_jpeg, "JPEG",
                                                                        quality=60)
    blob = page_jpeg.getvalue()
    pages = max(1, int(target_mb * 1024 * 1024 / len(blob)))
    for _ in range(pages):
        image = pikepdf.Stream(pdf, blob, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=side, Height=side, ColorSpace=pikepdf.Name.DeviceGray,
                               BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
        content = pikepdf.Stream(pdf, b"q 595 0 0 842 0 0 cm /Im0 Do Q")
        pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=content,
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))))
    text = b"BT /F1 10 Tf 40 800 Td " + b" ".join(
        b"(Sample line %d of a fictitious certificate) Tj 0 -12 Td" % i for i in range(60)
    ) + b" ET"
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
        Contents=pikepdf.Stream(pdf, text),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    return out.getvalue()


def photo(rng: random.Random) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (900, 1200), rng.randbytes(900 * 1200 * 3)).save(out, "JPEG",
                                                                           quality=85)
    return out.getvalue()


def peak_worker_mb(pool: SandboxPool) -> float:
    peaks = []
    for worker in list(pool._idle):  # noqa: SLF001 - measuring, not steering
        status = Path(f"/proc/{worker.proc.pid}/status").read_text()
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines()
                  if line.startswith("VmHWM")]
    return max(peaks, default=0.0)


def summary(label: str, times: list[float], total_bytes: int) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    total = sum(times)
    return (f"{label:<34} {len(times) / total:7.1f} files/s {total_bytes / total / 2**20:8.1f} "
            f"MB/s  p50 {statistics.median(times) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=24)
    args = parser.parse_args()
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="docs-bench-"))
    pdfs = [scanned_pdf(1 + 9 * i / max(1, args.files - 1), rng) for i in range(args.files)]
    photos = [photo(rng) for _ in range(max(4, args.files // 3))]
    for i, data in enumerate(pdfs):
        (tmp / f"{i}.pdf").write_bytes(data)
    print(f"corpus: {len(pdfs)} PDFs {sum(map(len, pdfs)) / 2**20:.0f} MB, "
          f"{len(photos)} photos {sum(map(len, photos)) / 2**20:.1f} MB")
    pool = check_pool(1)  # one worker: files are checked back to back
    await pool.warm_up()
    today = date.today()
    pdf_times, photo_times = [], []
    for data in pdfs:
        t0 = time.perf_counter()
        verdict = await check_file_isolated(pool, AttachmentKind.DOCUMENT, data, today=today)
        pdf_times.append(time.perf_counter() - t0)
        assert verdict.ok, verdict
    for data in photos:
        t0 = time.perf_counter()
        verdict = await check_file_isolated(pool, AttachmentKind.PHOTO, data, today=today)
        photo_times.append(time.perf_counter() - t0)
    print(summary("documents: PDFs (isolated worker)", pdf_times, sum(map(len, pdfs))))
    print(summary("documents: photos", photo_times, sum(map(len, photos))))
    print(f"documents: worker peak memory {peak_worker_mb(pool):.0f} MB (bound 256 MB + baseline)")
    qpdf = shutil.which("qpdf")
    base_times = []
    for i in range(len(pdfs)):
        t0 = time.perf_counter()
        if qpdf:
            subprocess.run([qpdf, "--check", str(tmp / f"{i}.pdf")], capture_output=True)  # noqa: ASYNC221 (timed on purpose)
        else:
            import pikepdf

            with pikepdf.open(tmp / f"{i}.pdf") as pdf:
                pdf.check_pdf_syntax()
        base_times.append(time.perf_counter() - t0)
    label = "baseline: qpdf --check" if qpdf else "baseline: libqpdf check (pikepdf)"
    print(summary(label, base_times, sum(map(len, pdfs))))
    print(f"ratio documents/baseline on PDFs: {sum(pdf_times) / sum(base_times):.2f}x")
    pool.close()
    shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
