# src/ui
