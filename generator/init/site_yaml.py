"""site.yaml of a new data folder: every field the generator reads, each with a Russian comment saying
what it is, an example and whether it is required. Optional fields are written commented out, so the
file passes `check` as written and the maintainer uncomments what applies."""
from __future__ import annotations

import yaml


def scalar(value: str) -> str:
    """`value` as one YAML scalar, written by the YAML library: the municipality's name is untrusted text
    (quotes, colons, `#`, line breaks) and must stay a value, never become YAML of its own."""
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=float("inf")).removesuffix("\n...\n") \
        .removesuffix("\n")


def site_yaml(municipality: str, code: str, act: str, codes: list[str]) -> str:
    """The text of site.yaml for `municipality` monitored by the methodology `code` (its act named in a comment;
    `codes`: every installed methodology)."""
    act_line = " ".join(act.split())
    return f"""\
# Настройки сайта мониторинга качества муниципальных услуг.
# Создано командой transparency init. Строки, начинающиеся с «#», — пояснения; генератор их не читает.
# Чтобы включить необязательное поле, уберите «# » в начале его строк.

# Наименование муниципального образования — обязательно. Печатается в заголовке каждой страницы.
# Пример: "Городской округ Новоозёрск"
municipality: {scalar(municipality)}

# Адрес, по которому будет опубликован сайт, — обязательно; только http:// или https://.
# По нему строятся ссылки в карте сайта, в ленте новостей и в карточках для соцсетей; сами страницы
# ссылаются друг на друга относительно, поэтому сайт открывается и из подпапки, и прямо с диска.
# Пример: "https://monitoring.example.ru/" или "https://example.github.io/monitoring/"
site_url: "https://example.org/monitoring/"

# Код методики, по которой ведётся мониторинг, — обязательно. Установлены: {', '.join(codes)}.
# Эта методика: {act_line}
methodology: {code}

# Собственный правовой акт муниципального образования о мониторинге — необязательно, но желательно:
# без него страница «Методика» называет правовой основой только акт, методика которого применяется.
# title — вид и название акта (обязательно, если указан legal_act); number — номер; date — дата
# (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); url — адрес текста акта (http:// или https://).
# legal_act:
#   title: "постановление администрации «Об организации мониторинга качества предоставления муниципальных услуг»"
#   number: "15"
#   date: "01.02.2026"
#   url: "https://example.org/docs/postanovlenie-15.pdf"

# Кто публикует результаты — обязательно name; остальные поля необязательны.
publisher:
  # Орган или отдел, публикующий результаты (обязательно). Пример: "Отдел экономики администрации"
  name: "Администрация муниципального образования"
  # Электронная почта для вопросов (необязательно). Пример: "monitoring@example.org"
  email: "monitoring@example.org"
  # Телефон (необязательно). Пример: "+7 (000) 000-00-00"
  # phone: "+7 (000) 000-00-00"
  # Почтовый адрес (необязательно).
  # address: "000000, область, город, улица, дом"
  # ИНН органа, 10 цифр в кавычках (необязательно): начало идентификатора наборов открытых данных.
  # inn: "0000000000"
  # Ответственный за открытые данные, ФИО (необязательно).
  # responsible: "Иванов Иван Иванович"

# Где граждане оценивают услуги — необязательно: ссылки «Оценить услугу» на страницах органов и услуг.
# Каждая площадка: title — название, url — адрес (http:// или https://).
rate_service:
  - title: "Госуслуги — «Решаем вместе»"
    url: "https://pos.gosuslugi.ru/"
  - title: "Ваш контроль"
    url: "https://vashkontrol.ru/"

# Контакт для прессы под пресс-релизами — необязательно (без него — данные publisher).
# name — обязательно, если указан press; phone и email — необязательно.
# press:
#   name: "Пресс-служба администрации"
#   phone: "+7 (000) 000-00-01"
#   email: "press@example.org"

# Лицензия открытых данных — необязательно; по умолчанию CC-BY-4.0. id — по списку SPDX
# (CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, ODbL-1.0, PDDL-1.0); для другой лицензии нужны title и url.
# license:
#   id: CC-BY-4.0

# Какие отчёты выпускать в PDF — необязательно: all — все, latest — за последний период,
# none — никакие (по умолчанию; PDF-отчёт собирается несколько секунд).
# pdf: latest

# Кодировка CSV-файлов — необязательно: только если файлы не в UTF-8 и кодировка не определяется сама.
# Пример: cp1251
# encoding: cp1251
"""
