print("raising SystemExit directly")
raise SystemExit(7)
