"""Schemas shared by every methodology: the list of services."""
from generator.validate.schema import Column, TableSchema

SERVICES = TableSchema(
    name="services",
    title="Перечень муниципальных услуг",
    seed_table="перечень услуг органа (графа 2 Таблицы 3)",
    per_period=False,
    columns=(
        Column("service_id", "Идентификатор услуги", "id",
               "Постоянный идентификатор услуги (латиница, цифры, дефисы); по нему связаны все таблицы",
               aliases=("id", "код услуги")),
        Column("organization_id", "Орган", "ref", "Идентификатор органа из organizations.yaml",
               aliases=("орган", "идентификатор органа"), ref="organizations"),
        Column("name", "Наименование муниципальной услуги", "text", "Полное наименование услуги",
               aliases=("наименование услуги", "услуга")),
        Column("socially_significant", "Социально значимая", "bool",
               "Относится ли услуга к социально значимым", aliases=("социально значимая услуга",),
               required=False),
    ),
    key=("service_id",),
)
