"""The load benchmark's own arithmetic, on literal data."""

from collections import Counter

from bench.loadclient import JourneyRun, Stats
from bench.servers import cpu_seconds_from_stat


def test_cpu_seconds_count_busy_time_but_not_stolen_time():
    # user nice system idle iowait irq softirq steal guest guest_nice
    stat = "cpu  400 100 200 1000 50 20 30 700 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"
    busy, total = cpu_seconds_from_stat(stat, 100)
    assert busy == 7.5  # (400 + 100 + 200 + 20 + 30) / 100
    assert total == 18.0  # (750 + 1000 + 50) / 100


def test_runs_add_up_every_count():
    first = JourneyRun(
        Stats(latencies=[0.1, 0.2], statuses=Counter({201: 2}), connection_errors=1, retries=2),
        failures=Counter({"status 503": 1}),
        seconds=1.5,
        client_cpu_seconds=0.25,
    )
    second = JourneyRun(
        Stats(latencies=[0.3], statuses=Counter({201: 1}), retries=1, events=["dropped"]),
        confirmed={"token": 12},
        confirmed_at=[4.0],
        failures=Counter({"status 503": 2}),
        seconds=2.0,
        client_cpu_seconds=0.5,
    )
    combined = first.add(second)
    assert combined.stats.latencies == [0.1, 0.2, 0.3]
    assert combined.stats.requests == 3
    assert combined.stats.statuses == Counter({201: 3})
    assert (combined.stats.connection_errors, combined.stats.retries) == (1, 3)
    assert combined.stats.events == ["dropped"]
    assert combined.confirmed == {"token": 12}
    assert combined.confirmed_at == [4.0]
    assert combined.failures == Counter({"status 503": 3})
    assert (combined.seconds, combined.client_cpu_seconds) == (3.5, 0.75)
