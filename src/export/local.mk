# src/export
