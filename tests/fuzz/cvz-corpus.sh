#!/bin/sh
# tests/fuzz/cvz-corpus.sh — replay the recording reader's seed corpus
# through the fuzz target (tests/fuzz/driver.c prints the TAP).
exec "$top_builddir/tests/fuzz/fuzz-cvz-driver" "$top_srcdir"/tests/fuzz/corpus/cvz/*
