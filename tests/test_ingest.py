"""etl.ingest and `python -m etl ingest`: reports stored with evidence and spans, idempotent by content,
clear errors, one bad file never stopping the others. Runs on SQLite (and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from etl.cli import main as cli_main
from etl.ingest import IngestError, ingest_bytes
from store.access import SYSTEM
from store.models import AuditEvent, Indicator, Observation, Region, Source
from store.session import get_engine, session_factory
from store.summary import summary_differences

REPORT = (
    "2023年长城乡党建工作情况汇报\n"
    "一年来，长城乡党委开展理论中心组学习8次，培训党员438人次，共有党员XX名。\n"
    "中共长城彝族乡委员会评定出14个先进党组织。\n"
    "三、2024年工作计划\n力争全乡7个村村级集体经济达到10万元以上。\n"
).encode()
MASKED = "XXX镇2022年工作总结\n全镇共有党员326名，培训党员900人次。\n".encode()


def _ingest(engine: Engine, name: str, data: bytes, **kw):  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s, s.begin():
        return ingest_bytes(s, SYSTEM, name, data, county=kw.pop("county", "丘北县"), **kw)


def _count(engine: Engine, model) -> int:  # type: ignore[no-untyped-def]
    with session_factory(engine)() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_stores_source_and_observations_with_evidence(engine: Engine) -> None:
    res = _ingest(engine, "长城乡.txt", REPORT, uploaded_by="clerk", meta={"demo": True})
    assert (res.township, res.year, res.facts, res.masked, res.new) == ("长城乡", 2023, 5, 1, 5)
    text = REPORT.decode()
    with session_factory(engine)() as s:
        src = s.scalars(select(Source)).one()
        assert (src.kind, src.text, src.year, src.doc_type, src.meta) == (
            "report",
            text,
            2023,
            "情况汇报",
            {"demo": True},
        )
        rows = s.execute(select(Observation, Indicator.key).join(Indicator)).all()
        for obs, _key in rows:
            assert text[obs.span_start : obs.span_end] == obs.evidence
            assert obs.locator == f"span:{obs.span_start}-{obs.span_end}"
        by_key = {key: obs for obs, key in rows}
        assert by_key["training_participants"].value == 438
        assert by_key["party_members_total"].masked and by_key["party_members_total"].value is None
        target = by_key["villages_income_above"]
        assert (target.is_target, target.year, target.attrs) == (True, 2024, {"threshold": 10})
        region = s.get(Region, src.region_id)
        assert region is not None and region.name == "长城乡" and "长城彝族乡" in region.aliases
        assert s.get(Region, region.parent_id).name == "丘北县"  # type: ignore[union-attr]


def test_same_bytes_twice_is_a_no_op(engine: Engine) -> None:
    first = _ingest(engine, "a.txt", REPORT)
    again = _ingest(engine, "renamed.txt", REPORT)
    assert again.already_loaded and again.source_id == first.source_id and again.new == 0
    assert _count(engine, Source) == 1
    assert _count(engine, Observation) == first.new
    assert "已导入过" in again.summary_zh()


def test_township_override_for_masked_names(engine: Engine) -> None:
    res = _ingest(engine, "masked.txt", MASKED, township="青石镇")
    assert (res.township, res.year, res.new) == ("青石镇", 2022, 2)


def test_masked_township_without_override_is_a_clear_error(engine: Engine) -> None:
    with pytest.raises(IngestError, match=r"^masked\.txt：无法确定乡镇名称.*请指定乡镇"):
        _ingest(engine, "masked.txt", MASKED)
    assert _count(engine, Source) == 0


def test_year_override_moves_report_year_facts(engine: Engine) -> None:
    res = _ingest(engine, "a.txt", REPORT, year=2022)
    assert res.year == 2022
    with session_factory(engine)() as s:
        years = {(o.is_target, o.year) for o in s.scalars(select(Observation))}
    assert years == {(False, 2022), (True, 2023)}


def test_unknown_year_is_a_clear_error(engine: Engine) -> None:
    with pytest.raises(IngestError, match="无法确定报告年度"):
        _ingest(engine, "n.txt", "青石镇党委培训党员300人次。".encode())


def test_unreadable_file_is_an_ingest_error(engine: Engine) -> None:
    with pytest.raises(IngestError, match=r"^old\.doc：.*另存为 \.docx"):
        _ingest(engine, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)


def test_unknown_township_without_create(engine: Engine) -> None:
    with pytest.raises(IngestError, match="找不到乡镇“长城乡”"):
        _ingest(engine, "a.txt", REPORT, create_townships=False)


def test_corrected_facts_replace_extracted_ones(engine: Engine) -> None:
    facts = [
        {
            "indicator": "party_members_total",
            "value": 120,
            "masked": False,
            "qualifier": "exact",
            "attrs": {},
            "year": None,
            "target": False,
            "evidence": "共有党员XX名",
            "span": [44, 52],
        }
    ]
    res = _ingest(engine, "a.txt", REPORT, facts=facts)
    assert res.new == 1
    with session_factory(engine)() as s:
        obs = s.scalars(select(Observation)).one()
    assert (obs.value, obs.year, obs.masked) == (120, 2023, False)


def test_cli_ingest_directory_one_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_bytes(REPORT)
    (reports / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (reports / "c.txt").write_bytes(MASKED)
    (reports / "notes.md").write_text("ignored")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    args = ["ingest", str(reports), "--database-url", url, "--county", "丘北县"]
    assert cli_main(args) == 1
    out = capsys.readouterr().out
    assert "✓ a.txt：长城乡 2023年" in out
    assert "✗ b.doc：" in out and "另存为 .docx" in out
    assert "✗ c.txt：无法确定乡镇名称" in out
    assert "共 3 个文件：导入 1 个，已导入过 0 个，失败 2 个。" in out
    assert cli_main(["ingest", str(reports / "a.txt"), "--database-url", url]) == 0
    assert "已导入过 1 个" in capsys.readouterr().out


def test_cli_extract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    good = tmp_path / "a.txt"
    good.write_bytes(REPORT)
    bad = tmp_path / "b.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    assert cli_main(["extract", str(good), str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [o["source"] for o in out] == [str(good), str(bad)]
    assert out[0]["township"] == "长城乡" and len(out[0]["facts"]) == 5
    assert out[1]["error"].startswith("b.pdf：") and out[1]["facts"] == []


def _reports(directory: Path, n: int = 12) -> None:
    directory.mkdir()
    for i in range(n):  # enough files for the helper process and a shared transaction
        text = REPORT.decode().replace("438", str(400 + i)).replace("长城乡", f"长城{i}乡")
        (directory / f"r{i:02d}.txt").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("where", ["_prepare", "_finish"])  # before anything is staged; after the batch is stored
def test_cli_unexpected_failure_isolated_to_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import etl.ingest as ingest

    reports = tmp_path / "reports"
    _reports(reports)
    real = getattr(ingest, where)

    def flaky(session_or_file, *a, **kw):  # type: ignore[no-untyped-def]
        f = session_or_file if where == "_prepare" else a[1]
        if f.filename == "r05.txt":
            raise RuntimeError("disk full")
        return real(session_or_file, *a, **kw)

    monkeypatch.setattr(ingest, where, flaky)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli_main(["ingest", str(reports), "--database-url", url, "--county", "丘北县"]) == 1
    out = capsys.readouterr().out
    assert "✗ r05.txt：保存失败（RuntimeError: disk full）" in out
    assert "共 12 个文件：导入 11 个，已导入过 0 个，失败 1 个。" in out
    engine = get_engine(url)
    with session_factory(engine)() as s:  # nothing of the failed file: its batch was rolled back, then retried alone
        assert "r05.txt" not in set(s.scalars(select(Source.filename)))
        assert s.scalar(select(func.count()).select_from(Source)) == 11
        assert s.scalars(select(Region.id).where(Region.name == "长城5乡")).first() is None
        assert not s.scalar(select(func.count()).select_from(Observation).join(Region).where(Region.name == "长城5乡"))
        assert summary_differences(s) == []


def _state(engine: Engine) -> dict[str, object]:
    """What an ingest leaves, without ids and times: figures, files, townships, audit and the region summary."""
    with session_factory(engine)() as s:
        obs = s.execute(
            select(
                Region.name,
                Indicator.key,
                Observation.year,
                Observation.value,
                Observation.masked,
                Observation.qualifier,
                Observation.attrs_key,
                Observation.is_target,
                Observation.locator,
                Observation.status,
                Observation.is_headline,
                Observation.conflict,
                Observation.review_note,
                Observation.unit,
                Source.filename,
            )  # fmt: skip
            .join(Region, Region.id == Observation.region_id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .join(Source, Source.id == Observation.source_id)
        ).all()
        sources = s.execute(select(Source.filename, Source.year, Source.doc_type, Source.meta)).all()
        regions = s.execute(select(Region.name, Region.level, Region.aliases)).all()
        audit = s.execute(select(AuditEvent.action, AuditEvent.object_type, AuditEvent.new)).all()
        summary = s.execute(
            text(
                "SELECT r.name, i.key, rs.attrs_key, rs.is_target, rs.year, rs.total, rs.reporting, rs.townships "
                "FROM region_summary rs JOIN region r ON r.id = rs.region_id JOIN indicator i ON i.id = rs.indicator_id"
            )
        ).all()
        assert summary_differences(s) == []
    return {
        "observations": sorted(map(repr, obs)),
        "sources": sorted(map(repr, sources)),
        "regions": sorted(map(repr, regions)),
        "audit": sorted(map(repr, audit)),
        "summary": sorted(map(repr, summary)),
    }


def test_a_batch_stores_what_one_file_per_transaction_stores(tmp_path: Path) -> None:
    """The demo county's reports (several years of each township, parts, targets, 需说明 and 可疑 figures),
    stored by the ingest command in batches and one by one with ingest_bytes: the same store."""
    from etl.demo.load import demo_contents
    from etl.demo.values import DEFAULT_SEED

    _, files = demo_contents(DEFAULT_SEED)
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in sorted(files):
        if p.startswith("reports/") and p.endswith(".txt"):
            (reports / Path(p).name).write_bytes(files[p])
    batch_url, single_url = f"sqlite:///{tmp_path / 'batch.db'}", f"sqlite:///{tmp_path / 'single.db'}"
    cli_main(["ingest", str(reports), "--database-url", batch_url, "--county", "宁远县"])
    single = get_engine(single_url)
    for path in sorted(reports.iterdir()):
        try:
            _ingest(single, path.name, path.read_bytes(), county="宁远县")
        except IngestError:
            pass  # refused alike by the command (a masked township without --township)
    batched = _state(get_engine(batch_url))
    assert len(batched["sources"]) > 25  # more than one batch  # type: ignore[arg-type]
    assert batched == _state(single)
