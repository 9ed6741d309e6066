"""Генератор сайта мониторинга качества муниципальных услуг.

The pipeline is load → validate → compute → render → publish; see generator.build.
"""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
