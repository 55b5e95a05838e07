from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Synthetic national-scale data, the benchmark driver and its baseline view."""

    name = "zvh.bench"
    label = "bench"
    verbose_name = "Benchmarks"
