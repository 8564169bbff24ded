"""Jaring: a static report-site generator for public transparency of BPJS Ketenagakerjaan
protection for pekerja rentan, one page per kabupaten/kota of Indonesia."""

__version__ = "0.1.0"
