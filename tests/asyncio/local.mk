# tests/asyncio: the asyncio module — conformance with CPython (py.sh) and
# what a recording shows of the event loop (record.sh).
TESTS += tests/asyncio/py.sh tests/asyncio/record.sh
EXTRA_DIST += tests/asyncio/py.sh tests/asyncio/record.sh \
	tests/asyncio/py/aqueue.py tests/asyncio/py/aqueue.out \
	tests/asyncio/py/cancel.py tests/asyncio/py/cancel.out \
	tests/asyncio/py/gather_wait.py tests/asyncio/py/gather_wait.out \
	tests/asyncio/py/loop_calls.py tests/asyncio/py/loop_calls.out \
	tests/asyncio/py/protocols.py tests/asyncio/py/protocols.out \
	tests/asyncio/py/run_sleep_tasks.py tests/asyncio/py/run_sleep_tasks.out \
	tests/asyncio/py/sync.py tests/asyncio/py/sync.out \
	tests/asyncio/py/timeouts.py tests/asyncio/py/timeouts.out \
	tests/asyncio/py/streams.py tests/asyncio/py/streams.out \
	tests/asyncio/py/threads_loops.py tests/asyncio/py/threads_loops.out
