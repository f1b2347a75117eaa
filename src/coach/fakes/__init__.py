"""Faithful fakes of outside services, for tests, benchmarks and trying coach by hand."""
