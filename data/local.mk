# Scenarios shipped with concviz, installed under $(pkgdatadir)/scenarios.
# Each is a .py file that starts with a header block (see concviz(1),
# SCENARIOS) and also runs unchanged under python3.
scenariosdir = $(pkgdatadir)/scenarios
dist_scenarios_DATA = \
	data/scenarios/asyncio-gather.py \
	data/scenarios/gil-convoy.py \
	data/scenarios/gil-two-cpu.py \
	data/scenarios/ipc-queue-pipe.py \
	data/scenarios/pools-executor.py \
	data/scenarios/pools-futures.py \
	data/scenarios/processes-cpu.py \
	data/scenarios/processes-notes.py \
	data/scenarios/sync-contention.py \
	data/scenarios/sync-deadlock.py \
	data/scenarios/sync-event-condition-semaphore.py \
	data/scenarios/sync-producer-consumer.py \
	data/scenarios/sync-race.py \
	data/scenarios/threads-daemon.py \
	data/scenarios/threads-notes.py \
	data/scenarios/threads-states.py
