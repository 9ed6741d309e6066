"""How a site's pages are shared among mkdocs runs (publish/shards.py `split`)."""
from hypothesis import given, strategies as st

from generator.publish import shards


@given(st.integers(0, 5000), st.integers(1, 8))
def test_every_page_is_in_one_run_no_run_is_too_big_and_every_process_gets_as_many_runs(pages, workers):
    names = [f"p{n}.md" for n in range(pages)]
    runs = shards.split(names, workers)
    assert sorted(p for run in runs for p in run) == sorted(names)
    assert all(len(run) <= max(shards.PAGES_PER_RUN, 1) for run in runs)
    if len(runs) > workers:  # more runs than processes: each process gets the same number, none left alone at the end
        assert len(runs) % workers == 0


def test_a_region_scale_site_on_two_processes_is_four_runs_not_five():
    assert len(shards.split([f"p{n}.md" for n in range(2424)], 2)) == 4
