"""``xuanti serve`` against a real local Prefect server: deployments, cron schedules, and runs that complete."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from xuanti.paths import PROJECT_ROOT

NIGHTLY_CRON = "30 1 * * *"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _prefect_env(prefect_home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    return env


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``prefect server start`` on 127.0.0.1 (SQLite in its own PREFECT_HOME); yields the API URL."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    log = (home / "server.log").open("wb")
    prefect_cli = Path(sys.executable).parent / "prefect"
    server = subprocess.Popen(
        [str(prefect_cli), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=_prefect_env(home), stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Prefect server did not start:\n" + (home / "server.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        yield url
    finally:
        _stop(server)
        log.close()


async def _deployments(url: str) -> dict[str, object]:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        async with get_client() as client:
            found = {}
            for name in ("nightly/xuanti-nightly", "briefing/xuanti-briefing"):
                try:
                    found[name] = await client.read_deployment_by_name(name)
                except Exception:  # not registered yet
                    continue
            return found


def _wait_for_deployments(url: str, serving: subprocess.Popen[bytes], log_path: Path) -> dict[str, object]:
    import asyncio

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = asyncio.run(_deployments(url))
        if len(found) == 2:
            return found
        if serving.poll() is not None:
            break
        time.sleep(1)
    pytest.fail("deployments were not registered:\n" + log_path.read_text(errors="replace")[-3000:])


def _run(url: str, name: str, parameters: dict[str, object]) -> str:
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        flow_run = run_deployment(name, parameters=parameters, timeout=75, poll_interval=1, as_subflow=False)
    return flow_run.state.type.value if flow_run.state else "NONE"


def test_serve_registers_schedules_and_runs_complete(prefect_server: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = tmp_path / "office.toml"
    # No sources: the nightly run goes through every step on an empty store in a few seconds.
    config.write_text('sources = []\n\n[general]\narea = "清河县"\n', encoding="utf-8")
    env = _prefect_env(tmp_path / "prefect-client")
    env.update(PREFECT_API_URL=prefect_server, PREFECT_RUNNER_POLL_FREQUENCY="1", XUANTI_HOME=str(home))
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        serving = subprocess.Popen(
            [sys.executable, "-m", "xuanti.cli", "--home", str(home), "serve", "--config", str(config),
             "--nightly-cron", NIGHTLY_CRON],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            found = _wait_for_deployments(prefect_server, serving, log_path)
            parameters = {"config": str(config.resolve()), "home": str(home.resolve())}
            expected = {"nightly/xuanti-nightly": NIGHTLY_CRON, "briefing/xuanti-briefing": "0 8 25 * *"}
            for name, cron in expected.items():
                deployment = found[name]
                (schedule,) = deployment.schedules  # type: ignore[attr-defined]
                assert schedule.schedule.cron == cron
                assert schedule.schedule.timezone == "Asia/Shanghai"
                assert schedule.active
                assert schedule.parameters == parameters  # the schedule carries config and home
                assert {k: deployment.parameters[k] for k in parameters} == parameters  # type: ignore[attr-defined]
                # One run at a time: a night still running when the next is due cancels the new one.
                limit = deployment.global_concurrency_limit  # type: ignore[attr-defined]
                assert limit is not None and limit.limit == 1
                assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"  # type: ignore[attr-defined]

            assert _run(prefect_server, "nightly/xuanti-nightly", {"date": "2026-11-20"}) == "COMPLETED"
            assert _run(prefect_server, "briefing/xuanti-briefing", {"month": "2026-10"}) == "COMPLETED"
            assert (home / "output" / "briefing-2026-10.docx").is_file()
            assert (home / "xuanti.db").is_file()
        finally:
            _stop(serving)
        assert serving.returncode is not None


def test_serve_without_server_says_how(tmp_path: Path) -> None:
    env = _prefect_env(tmp_path / "prefect")
    result = subprocess.run(
        [sys.executable, "-m", "xuanti.cli", "--home", str(tmp_path / "home"), "serve"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr


def test_each_county_has_its_own_deployments(tmp_path: Path) -> None:
    """A provincial office registers every county's config on one Prefect server and work pool: a
    county's [schedule].name keeps its deployments apart instead of each overwriting xuanti-nightly."""
    from flows.deploy import schedule_plan
    from xuanti.settings import ConfigError, load_settings

    county = tmp_path / "qinghe.toml"
    county.write_text('[general]\narea = "清河县"\n\n[schedule]\nname = "qinghe"\n', encoding="utf-8")
    plan = schedule_plan(load_settings(county), str(county), tmp_path / "qinghe")
    assert [item["name"] for item in plan] == ["xuanti-nightly-qinghe", "xuanti-briefing-qinghe"]
    assert "清河县" in plan[0]["description"]
    assert plan[0]["parameters"] == {"config": str(county.resolve()), "home": str((tmp_path / "qinghe").resolve())}
    single = schedule_plan(load_settings(None), None, tmp_path)
    assert [item["name"] for item in single] == ["xuanti-nightly", "xuanti-briefing"]
    county.write_text('[schedule]\nname = "qing he/1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="schedule.name"):
        load_settings(county)


def test_counties_register_on_one_work_pool(prefect_server: str, tmp_path: Path) -> None:
    """Two counties' configs registered on one real Prefect server and process pool: four deployments,
    each carrying its own county's config and data folder, each limited to one run at a time."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deploy import deploy_to_pool
    from xuanti.settings import load_settings

    async def create_pool() -> None:
        async with get_client() as client:
            await client.create_work_pool(WorkPoolCreate(name="counties", type="process"), overwrite=True)

    async def read(name: str) -> object:
        async with get_client() as client:
            return await client.read_deployment_by_name(name)

    with temporary_settings(updates={PREFECT_API_URL: prefect_server}):
        asyncio.run(create_pool())
        for county, area in (("qinghe", "清河县"), ("baishi", "白石县")):
            config = tmp_path / f"{county}.toml"
            config.write_text(f'[general]\narea = "{area}"\n\n[schedule]\nname = "{county}"\n', encoding="utf-8")
            ids = deploy_to_pool(load_settings(config), str(config), tmp_path / county, "counties")
            assert len(ids) == 2
        for county in ("qinghe", "baishi"):
            nightly = asyncio.run(read(f"nightly/xuanti-nightly-{county}"))
            assert nightly.parameters["config"] == str((tmp_path / f"{county}.toml").resolve())  # type: ignore[attr-defined]
            assert nightly.parameters["home"] == str((tmp_path / county).resolve())  # type: ignore[attr-defined]
            assert nightly.work_pool_name == "counties"  # type: ignore[attr-defined]
            assert nightly.global_concurrency_limit.limit == 1  # type: ignore[attr-defined]
            assert asyncio.run(read(f"briefing/xuanti-briefing-{county}"))
