"""Typed models of the YAML files a data maintainer writes (pydantic, extra="forbid")."""
from __future__ import annotations

import datetime as dt
import ipaddress
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from generator.resources import PDF_CHOICES  # site.yaml `pdf`, as TRANSPARENCY_PDF

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG)
SLUG_HELP = "строчные латинские буквы, цифры и дефисы, например `obrazovanie` или `zhkh-2`"


# A published link is printed into href attributes and the page head: a space, a quote, an angle
# bracket, a backslash or a control character could end the attribute or hide where the link leads.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f-\x9f]")
# One label of a host name: letters (also Cyrillic, for .рф), digits and inner hyphens.
_HOST_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
# The error type of a bad address (the report's code is chosen from it).
URL_ERROR = "url_invalid"


def shown(value: str, limit: int = 80) -> str:
    """A value as it may be printed in a report: control characters made visible, long text cut."""
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)
    return text if len(text) <= limit else text[:limit] + "…"


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def url_problem(value: str) -> str | None:
    """Why `value` is not a whole http(s) address a page may link to; None if it is one."""
    # invisible characters (zero-width, direction marks) are not printable either: they could hide the host
    bad = _URL_FORBIDDEN.search(value) or next((ch for ch in value if not ch.isprintable()), None)
    if bad:
        char = bad if isinstance(bad, str) else bad.group()
        what = (f"символ «{char}»" if char.isprintable() and not char.isspace()
                else f"пробел, невидимый или управляющий символ (U+{ord(char):04X})")
        return (f"в адресе есть {what}: такие символы в адресе недопустимы (пробел, кавычки и угловые скобки "
                "записываются как %20, %22, %3C, %3E)")
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed or malformed [IPv6] host
        return "адрес не разбирается: проверьте имя сервера после http:// или https://"
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(parts.scheme.lower() + "://"):
        return "допускаются только адреса, начинающиеся с http:// или https:// (не javascript:, data:, mailto: и т. п.)"
    if parts.username is not None or parts.password is not None:
        return "в адресе указаны имя пользователя или пароль (часть до «@»): уберите их"
    host = parts.hostname or ""
    if not host:
        return "в адресе нет имени сервера: после http:// или https:// должно идти имя, например example.org"
    if not (is_ip_address(host) or all(_HOST_LABEL.match(label) for label in host.split("."))):
        return f"имя сервера «{host}» записано неверно: допустимы буквы, цифры, дефисы и точки между частями имени"
    try:
        parts.port
    except ValueError:
        return "номер порта (после «:» в имени сервера) должен быть числом от 0 до 65535"
    return None


def checked_url(value: str, what: str, example: str) -> str:
    """`value` if it is a whole http(s) address, else a pydantic error of type URL_ERROR."""
    problem = url_problem(value)
    if problem:
        raise PydanticCustomError(URL_ERROR, "{message}", {
            "message": f"{what} «{shown(value)}» не подходит: {problem}; укажите полный адрес, например {example}"})
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Publisher(_Strict):
    name: str = Field(min_length=1, description="Орган, публикующий результаты мониторинга")
    email: str | None = Field(None, description="Адрес электронной почты для вопросов")
    phone: str | None = Field(None, description="Телефон")
    address: str | None = Field(None, description="Почтовый адрес")
    # the open-data passport (generator/passport.py): its identifier starts with the INN, and it names a person
    inn: str | None = Field(None, description="ИНН органа (10 цифр): начало идентификационного номера "
                                              "наборов открытых данных")
    responsible: str | None = Field(None, min_length=1, description="Ответственное лицо за открытые данные (ФИО)")

    @field_validator("inn", mode="before")
    @classmethod
    def _inn(cls, value):
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else value
        if isinstance(text, str) and not re.fullmatch(r"[0-9]{10}", text):
            raise PydanticCustomError("value_error", "{error}", {
                "error": f"ИНН «{shown(text)}» записан неверно: укажите 10 цифр ИНН органа, в кавычках"})
        return text


class PressContact(_Strict):
    """Who answers journalists (site.yaml `press:`), printed under every press release."""

    name: str = Field(min_length=1, description="Контактное лицо или пресс-служба")
    phone: str | None = Field(None, min_length=1, description="Телефон")
    email: str | None = Field(None, description="Адрес электронной почты")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+", value):
            raise PydanticCustomError("email_invalid", "{message}", {
                "message": f"адрес электронной почты «{shown(value)}» записан неверно: укажите его как press@example.org"})
        return value


class RateChannel(_Strict):
    """Where citizens rate a service (Госуслуги, «Ваш контроль», the municipality's own platform)."""

    title: str = Field(min_length=1, description="Название площадки, как его увидит читатель")
    url: str = Field(description="Адрес страницы, где оценивают услуги (http:// или https://)")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return checked_url(value, "адрес площадки для оценки услуг", "https://www.gosuslugi.ru/")


# Open licences a maintainer may name by their SPDX id alone; another licence needs its title and url.
KNOWN_LICENSES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License 1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0",
                 "https://opendatacommons.org/licenses/pddl/1-0/"),
}
LICENSE_ERROR = "license_invalid"
_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


class License(_Strict):
    """The terms of use of the open data: named on the open-data page and in datapackage.json."""

    id: str = Field("CC-BY-4.0", description="Идентификатор лицензии по списку SPDX, например CC-BY-4.0")
    title: str | None = Field(None, min_length=1, description="Название лицензии (для лицензий из списка — "
                                                              "необязательно)")
    url: str | None = Field(None, description="Адрес текста лицензии (http:// или https://)")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _SPDX_ID.match(value):
            raise PydanticCustomError(LICENSE_ERROR, "{message}", {
                "message": f"идентификатор лицензии «{shown(value)}» записан неверно: укажите идентификатор из "
                           f"списка SPDX латиницей, например CC-BY-4.0"})
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else checked_url(value, "адрес лицензии",
                                                      "https://creativecommons.org/licenses/by/4.0/")

    def model_post_init(self, context) -> None:
        known = KNOWN_LICENSES.get(self.id)
        if known is None and (self.title is None or self.url is None):
            raise PydanticCustomError(LICENSE_ERROR, "{message}", {
                "message": f"лицензия «{shown(self.id)}» не из списка известных ({', '.join(KNOWN_LICENSES)}): "
                           "укажите её название (title) и адрес текста (url)"})
        if known is not None:
            self.title = self.title or known[0]
            self.url = self.url or known[1]


_LEGAL_DATE = re.compile(r"^([0-9]{2})\.([0-9]{2})\.([0-9]{4})$")


class LegalAct(_Strict):
    """The municipality's own act on the monitoring (site.yaml `legal_act:`): the methodology page names
    it as the legal basis beside the act whose methodology is applied, which is not the municipality's own."""

    title: str = Field(min_length=1, description="Вид и название акта, например: постановление администрации "
                                                 "города N «Об организации мониторинга качества муниципальных услуг»")
    number: str | None = Field(None, min_length=1, description="Номер акта, например 15 или 15-п")
    date: dt.date | None = Field(None, description="Дата акта: ДД.ММ.ГГГГ или ГГГГ-ММ-ДД")
    url: str | None = Field(None, description="Адрес текста акта (http:// или https://)")

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value):
        # `number: 15` is read by YAML as a whole number; the act's number is text all the same
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        text = value.strip() if isinstance(value, str) else None
        day = _LEGAL_DATE.match(text) if text else None
        try:
            if day:
                return dt.date(int(day[3]), int(day[2]), int(day[1]))
            if text and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        raise PydanticCustomError("value_error", "{error}", {
            "error": f"дата акта «{shown(str(value))}» записана неверно: укажите существующую дату как ДД.ММ.ГГГГ "
                     "(01.02.2026) или ГГГГ-ММ-ДД (2026-02-01)"})

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else checked_url(value, "адрес текста акта",
                                                      "https://example.org/docs/postanovlenie-15.pdf")


class SiteConfig(_Strict):
    municipality: str = Field(min_length=1, description="Наименование муниципального образования")
    site_url: str = Field(description="Адрес, по которому будет опубликован сайт")
    methodology: str = Field(description="Код методики, по которой ведётся мониторинг")
    publisher: Publisher
    encoding: str | None = Field(None, description="Кодировка CSV-файлов, если не UTF-8 и не определяется сама "
                                                   "(например cp1251)")
    rate_service: list[RateChannel] = Field(
        default_factory=list, description="Где граждане могут оценить услугу: список площадок "
                                          "(title — название, url — адрес); ссылки на страницах органов и услуг")
    press: PressContact | None = Field(
        None, description="Контакт для прессы под пресс-релизами: name (обязательно), phone, email; "
                          "без него — данные publisher")
    license: License = Field(default_factory=License,
                             description="Лицензия открытых данных (id по SPDX, title, url); по умолчанию CC-BY-4.0")
    legal_act: LegalAct | None = Field(
        None, description="Собственный правовой акт муниципального образования о мониторинге: title (обязательно), "
                          "number, date, url; на странице «Методика» — «Правовая основа»")
    pdf: str = Field("none", description="Какие отчёты выпускать в PDF: all — все, latest — только "
                                        "за последний период, none — никакие (по умолчанию: "
                                        "WeasyPrint тратит секунды на отчёт)")

    @field_validator("pdf", mode="before")
    @classmethod
    def _pdf(cls, value):
        choices = "all (все отчёты), latest (только за последний период) или none (без PDF)"
        if isinstance(value, bool):  # YAML reads yes/no, true/false, on/off as these, before the model sees them
            written, meaning = ("yes (как и true, on)", "да/истина") if value else ("no (как и false, off)", "нет/ложь")
            raise ValueError(f"{written} YAML читает как «{meaning}», а не как выбор отчётов: допустимые значения — "
                             f"{choices}; " + ("чтобы выпускать все отчёты, укажите pdf: all" if value else
                                               "чтобы не выпускать PDF, укажите pdf: none или удалите поле"))
        if value is None:  # «pdf:» with nothing after it
            raise ValueError(f"значение не указано: укажите {choices} или удалите поле")
        if value not in PDF_CHOICES:
            raise ValueError(f"«{shown(str(value))}» — не выбор PDF-отчётов: укажите {choices}")
        return value

    @field_validator("site_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = checked_url(value, "адрес сайта", "https://example.org/monitoring/")
        return value if value.endswith("/") else value + "/"


class Point(_Strict):
    """A point of service (точка оказания услуги), for methodologies that assess services there."""

    id: str = Field(pattern=SLUG, description="Идентификатор точки")
    name: str = Field(min_length=1, description="Наименование точки")
    address: str | None = Field(None, description="Адрес")


class Organization(_Strict):
    id: str = Field(pattern=SLUG, description="Идентификатор органа")
    name: str = Field(min_length=1, description="Полное наименование")
    sector: str = Field(min_length=1, description="Сфера деятельности")
    short_name: str | None = Field(None, description="Краткое наименование")
    website: str | None = Field(None, description="Страница органа на официальном сайте")
    points: list[Point] = Field(default_factory=list, description="Точки оказания услуг")

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        return None if value is None else checked_url(value, "адрес страницы органа", "https://example.org/organy/obrazovanie")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class SurveyDates(_Strict):
    """When a period's survey of recipients ended and when its results were posted (Dzerzhinsk, п. 7.2)."""

    completed: dt.date = Field(description="Дата завершения опроса и обобщения его результатов")
    published: dt.date | None = Field(None, description="Дата размещения результатов опроса на официальном сайте")


class PeriodConfig(_Strict):
    """periods/<period>/period.yaml: what differs for one period (optional file)."""

    methodology: str | None = Field(None, description="Код методики, если в этом периоде действовала другая")
    published: dt.date | None = Field(None, description="Дата публикации результатов периода на официальном сайте")
    survey: SurveyDates | None = Field(None, description="Опрос получателей услуг за период (методика dzerzhinsk: срок публикации итогов по п. 7.2)")
