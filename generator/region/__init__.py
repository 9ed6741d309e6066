"""A region's portal (issue 11): a data folder holding region.yaml and one data folder per
municipality is built into a portal — the municipalities with their headlines, a page each, a
comparison per comparable service, region-wide open data — with every municipality's full site in a
folder of it. The municipalities are built in parallel: in processes of this machine, or on a Dask
cluster (`transparency build --scheduler tcp://host:8786`).

    config.py    region.yaml: its model, its checks and the folders it names
    worker.py    one municipality, built where a worker runs it; returns problem records, never raises
    runner.py    the workers: spawned processes, or a dask.distributed cluster
    summary.py   what a municipality's build tells the portal (plain, picklable values)
    portal.py    the portal's pages and open data
    pipeline.py  check_region, build_region: checks first, then every site, then one swap
    command.py   `transparency build | check` on a region's folder

Importing the package imports nothing else: `transparency check` of one municipality asks it only
whether a folder is a region's.
"""
from __future__ import annotations

from pathlib import Path

REGION_FILE = "region.yaml"


def is_region(folder: Path) -> bool:
    """A data folder is a region's when it holds region.yaml."""
    return (folder / REGION_FILE).is_file()


# Every code a region's checks and build can report, with what it means (README «Портал региона»).
REGION_PROBLEM_CODES = {
    "region-yaml-unreadable": "region.yaml не читается (разметка YAML, повтор поля, недопустимый тег)",
    "region-yaml-invalid": "поле region.yaml не заполнено, заполнено неверно или не предусмотрено",
    "region-url-invalid": "адрес портала (site_url) в region.yaml — не полный адрес http:// или https://",
    "region-municipality-missing": "папки муниципального образования из списка нет или в ней нет site.yaml",
    "region-municipality-unlisted": "папка с site.yaml не указана в списке municipalities",
    "region-municipality-duplicate": "папка указана в списке municipalities дважды",
    "region-folder-reserved": "имя папки муниципального образования занято страницами портала",
    "region-folder-outside": "папка муниципального образования — ссылка на папку вне папки региона",
    "region-service-duplicate": "две сравниваемые услуги с одним кодом",
    "region-service-municipality-unknown": "у сравниваемой услуги указано муниципальное образование не из списка",
    "region-service-too-few": "сравниваемая услуга указана меньше чем в двух муниципальных образованиях",
    "region-service-unknown": "идентификатора сравниваемой услуги нет в services муниципального образования",
    "region-scheduler-invalid": "--scheduler — не processes и не адрес планировщика Dask",
    "region-scheduler-missing": "для --scheduler АДРЕС не установлен пакет distributed",
    "region-scheduler-unreachable": "планировщик Dask по адресу из --scheduler не отвечает",
    "region-scheduler-without-region": "--scheduler задан для папки одного муниципального образования "
                                       "(без region.yaml)",
    "region-worker-failed": "процесс, собиравший сайт муниципального образования, завершился без результата",
    "region-municipality-failed": "сайт муниципального образования не собран из-за внутренней ошибки генератора",
    "region-command-unsupported": "команда не работает с папкой региона (export, serve, comments — "
                                  "с папкой одного муниципального образования)",
}
