"""Fixtures of the applications tests."""

from tests.applications.app_checks import zero_random as zero_random
