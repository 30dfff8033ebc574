/*
 * futures.c — the concurrent package and concurrent.futures: Future,
 * wait, as_completed, Executor, ThreadPoolExecutor and ProcessPoolExecutor,
 * with CPython's semantics for deterministic programs.
 *
 * The modules are Python source compiled at import, as CPython writes them
 * in Python (concurrent.futures._base, .thread, .process; the package
 * re-exports their names). Futures wait on threading.Condition, so a thread
 * in result() shows Blocked (Timed Waiting with a timeout) on the future's
 * condition; thread pool workers are threading.Thread objects named as
 * CPython names them ("ThreadPoolExecutor-0_0"), joined at the end of the
 * program through threading._register_atexit.
 *
 * The process pool's C half is here: forked workers ("ForkProcess-N", on
 * src/rt/proc-core.c) reading call items from a Queue and writing results
 * to a SimpleQueue (src/rt/ipc-queue.c), functions named by (module,
 * qualified name) as pickle names them, values crossing as IPC values
 * (mp-ipc.c). Each worker holds the write end of a sentinel pipe, so the
 * manager thread (Python, as CPython's _ExecutorManagerThread) sees a
 * worker die in the same poll() that waits for results and wakeups, and
 * breaks the pool (BrokenProcessPool) as CPython does.
 *
 * Everything runs on interpreter threads with the GIL held, except the
 * poll in _pp_wait, which releases it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "lang/lang.h"
#include "lang/modules/mp.h"
#include "lang/modules/rtbind.h"
#include "rt/ipc.h"
#include "rt/ipc-mgr.h"
#include "rt/proc.h"
#include "trace/event.h"

/* concurrent.futures._base: Future, waiters, wait, as_completed, Executor. */
static const char fut_base_src[] =
"import threading\n"
"import time\n"
"import sys\n"
"\n"
"FIRST_COMPLETED = 'FIRST_COMPLETED'\n"
"FIRST_EXCEPTION = 'FIRST_EXCEPTION'\n"
"ALL_COMPLETED = 'ALL_COMPLETED'\n"
"_AS_COMPLETED = '_AS_COMPLETED'\n"
"\n"
"PENDING = 'PENDING'\n"
"RUNNING = 'RUNNING'\n"
"CANCELLED = 'CANCELLED'\n"
"CANCELLED_AND_NOTIFIED = 'CANCELLED_AND_NOTIFIED'\n"
"FINISHED = 'FINISHED'\n"
"\n"
"_FUTURE_STATES = [PENDING, RUNNING, CANCELLED, CANCELLED_AND_NOTIFIED,\n"
"                  FINISHED]\n"
"\n"
"_STATE_TO_DESCRIPTION_MAP = {\n"
"    PENDING: 'pending',\n"
"    RUNNING: 'running',\n"
"    CANCELLED: 'cancelled',\n"
"    CANCELLED_AND_NOTIFIED: 'cancelled',\n"
"    FINISHED: 'finished',\n"
"}\n"
"\n"
"_DONE = (CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED)\n"
"_CANCELLED = (CANCELLED, CANCELLED_AND_NOTIFIED)\n"
"\n"
"\n"
"class Error(Exception):\n"
"    pass\n"
"\n"
"\n"
"class CancelledError(Error):\n"
"    pass\n"
"\n"
"\n"
"TimeoutError = TimeoutError\n"
"\n"
"\n"
"class InvalidStateError(Error):\n"
"    pass\n"
"\n"
"\n"
"class BrokenExecutor(RuntimeError):\n"
"    pass\n"
"\n"
"\n"
"def _report_callback_error(future, exc):\n"
"    _print_exception('exception calling callback for %r' % (future,), exc)\n"
"\n"
"\n"
"class _Waiter(object):\n"
"    def __init__(self):\n"
"        self.event = threading.Event()\n"
"        self.finished_futures = []\n"
"\n"
"    def add_result(self, future):\n"
"        self.finished_futures.append(future)\n"
"\n"
"    def add_exception(self, future):\n"
"        self.finished_futures.append(future)\n"
"\n"
"    def add_cancelled(self, future):\n"
"        self.finished_futures.append(future)\n"
"\n"
"\n"
"class _AsCompletedWaiter(_Waiter):\n"
"    def __init__(self):\n"
"        _Waiter.__init__(self)\n"
"        self.lock = threading.Lock()\n"
"\n"
"    def add_result(self, future):\n"
"        with self.lock:\n"
"            _Waiter.add_result(self, future)\n"
"            self.event.set()\n"
"\n"
"    def add_exception(self, future):\n"
"        with self.lock:\n"
"            _Waiter.add_exception(self, future)\n"
"            self.event.set()\n"
"\n"
"    def add_cancelled(self, future):\n"
"        with self.lock:\n"
"            _Waiter.add_cancelled(self, future)\n"
"            self.event.set()\n"
"\n"
"\n"
"class _FirstCompletedWaiter(_Waiter):\n"
"    def add_result(self, future):\n"
"        _Waiter.add_result(self, future)\n"
"        self.event.set()\n"
"\n"
"    def add_exception(self, future):\n"
"        _Waiter.add_exception(self, future)\n"
"        self.event.set()\n"
"\n"
"    def add_cancelled(self, future):\n"
"        _Waiter.add_cancelled(self, future)\n"
"        self.event.set()\n"
"\n"
"\n"
"class _AllCompletedWaiter(_Waiter):\n"
"    def __init__(self, num_pending_calls, stop_on_exception):\n"
"        self.num_pending_calls = num_pending_calls\n"
"        self.stop_on_exception = stop_on_exception\n"
"        self.lock = threading.Lock()\n"
"        _Waiter.__init__(self)\n"
"\n"
"    def _decrement_pending_calls(self):\n"
"        with self.lock:\n"
"            self.num_pending_calls -= 1\n"
"            if not self.num_pending_calls:\n"
"                self.event.set()\n"
"\n"
"    def add_result(self, future):\n"
"        _Waiter.add_result(self, future)\n"
"        self._decrement_pending_calls()\n"
"\n"
"    def add_exception(self, future):\n"
"        _Waiter.add_exception(self, future)\n"
"        if self.stop_on_exception:\n"
"            self.event.set()\n"
"        else:\n"
"            self._decrement_pending_calls()\n"
"\n"
"    def add_cancelled(self, future):\n"
"        _Waiter.add_cancelled(self, future)\n"
"        self._decrement_pending_calls()\n"
"\n"
"\n"
"class _AcquireFutures(object):\n"
"    def __init__(self, futures):\n"
"        self.futures = sorted(futures, key=id)\n"
"\n"
"    def __enter__(self):\n"
"        for future in self.futures:\n"
"            future._condition.acquire()\n"
"\n"
"    def __exit__(self, *args):\n"
"        for future in self.futures:\n"
"            future._condition.release()\n"
"\n"
"\n"
"def _create_and_install_waiters(fs, return_when):\n"
"    if return_when == _AS_COMPLETED:\n"
"        waiter = _AsCompletedWaiter()\n"
"    elif return_when == FIRST_COMPLETED:\n"
"        waiter = _FirstCompletedWaiter()\n"
"    else:\n"
"        pending_count = 0\n"
"        for f in fs:\n"
"            if f._state not in (CANCELLED_AND_NOTIFIED, FINISHED):\n"
"                pending_count += 1\n"
"        if return_when == FIRST_EXCEPTION:\n"
"            waiter = _AllCompletedWaiter(pending_count, True)\n"
"        elif return_when == ALL_COMPLETED:\n"
"            waiter = _AllCompletedWaiter(pending_count, False)\n"
"        else:\n"
"            raise ValueError('Invalid return condition: %r' % (return_when,))\n"
"    for f in fs:\n"
"        f._waiters.append(waiter)\n"
"    return waiter\n"
"\n"
"\n"
"def _yield_finished_futures(fs, waiter, ref_collect):\n"
"    while fs:\n"
"        f = fs[-1]\n"
"        for futures_set in ref_collect:\n"
"            futures_set.remove(f)\n"
"        with f._condition:\n"
"            f._waiters.remove(waiter)\n"
"        del f\n"
"        yield fs.pop()\n"
"\n"
"\n"
"def as_completed(fs, timeout=None):\n"
"    if timeout is not None:\n"
"        end_time = timeout + time.monotonic()\n"
"    fs = set(fs)\n"
"    total_futures = len(fs)\n"
"    with _AcquireFutures(fs):\n"
"        finished = set([f for f in fs\n"
"                        if f._state in (CANCELLED_AND_NOTIFIED, FINISHED)])\n"
"        pending = fs - finished\n"
"        waiter = _create_and_install_waiters(fs, _AS_COMPLETED)\n"
"    finished = list(finished)\n"
"    try:\n"
"        for f in _yield_finished_futures(finished, waiter, (fs,)):\n"
"            yield f\n"
"        while pending:\n"
"            if timeout is None:\n"
"                wait_timeout = None\n"
"            else:\n"
"                wait_timeout = end_time - time.monotonic()\n"
"                if wait_timeout < 0:\n"
"                    raise TimeoutError('%d (of %d) futures unfinished' % (\n"
"                        len(pending), total_futures))\n"
"            waiter.event.wait(wait_timeout)\n"
"            with waiter.lock:\n"
"                finished = waiter.finished_futures\n"
"                waiter.finished_futures = []\n"
"                waiter.event.clear()\n"
"            finished.reverse()\n"
"            for f in _yield_finished_futures(finished, waiter,\n"
"                                             (fs, pending)):\n"
"                yield f\n"
"    finally:\n"
"        for f in fs:\n"
"            with f._condition:\n"
"                f._waiters.remove(waiter)\n"
"\n"
"\n"
"class DoneAndNotDoneFutures(object):\n"
"    def __init__(self, done, not_done):\n"
"        self.done = done\n"
"        self.not_done = not_done\n"
"\n"
"    def __iter__(self):\n"
"        return iter((self.done, self.not_done))\n"
"\n"
"    def __len__(self):\n"
"        return 2\n"
"\n"
"    def __getitem__(self, i):\n"
"        return (self.done, self.not_done)[i]\n"
"\n"
"    def __eq__(self, other):\n"
"        return tuple(self) == tuple(other)\n"
"\n"
"    def __repr__(self):\n"
"        return 'DoneAndNotDoneFutures(done=%r, not_done=%r)' % (\n"
"            self.done, self.not_done)\n"
"\n"
"\n"
"def wait(fs, timeout=None, return_when=ALL_COMPLETED):\n"
"    fs = set(fs)\n"
"    with _AcquireFutures(fs):\n"
"        done = set([f for f in fs\n"
"                    if f._state in (CANCELLED_AND_NOTIFIED, FINISHED)])\n"
"        not_done = fs - done\n"
"        if return_when == FIRST_COMPLETED and done:\n"
"            return DoneAndNotDoneFutures(done, not_done)\n"
"        elif return_when == FIRST_EXCEPTION and done:\n"
"            for f in done:\n"
"                if not f.cancelled() and f.exception() is not None:\n"
"                    return DoneAndNotDoneFutures(done, not_done)\n"
"        if len(done) == len(fs):\n"
"            return DoneAndNotDoneFutures(done, not_done)\n"
"        waiter = _create_and_install_waiters(fs, return_when)\n"
"    waiter.event.wait(timeout)\n"
"    for f in fs:\n"
"        with f._condition:\n"
"            f._waiters.remove(waiter)\n"
"    done.update(waiter.finished_futures)\n"
"    return DoneAndNotDoneFutures(done, fs - done)\n"
"\n"
"\n"
"def _result_or_cancel(fut, timeout=None):\n"
"    try:\n"
"        return fut.result(timeout)\n"
"    finally:\n"
"        fut.cancel()\n"
"\n"
"\n"
"class Future(object):\n"
"    def __init__(self):\n"
"        self._condition = threading.Condition(None, 'future')\n"
"        self._state = PENDING\n"
"        self._result = None\n"
"        self._exception = None\n"
"        self._waiters = []\n"
"        self._done_callbacks = []\n"
"\n"
"    def _invoke_callbacks(self):\n"
"        for callback in self._done_callbacks:\n"
"            try:\n"
"                callback(self)\n"
"            except Exception as e:\n"
"                _report_callback_error(self, e)\n"
"\n"
"    def __repr__(self):\n"
"        with self._condition:\n"
"            name = self.__class__.__name__\n"
"            state = _STATE_TO_DESCRIPTION_MAP[self._state]\n"
"            if self._state == FINISHED:\n"
"                if self._exception:\n"
"                    return '<%s at %#x state=%s raised %s>' % (\n"
"                        name, id(self), state,\n"
"                        self._exception.__class__.__name__)\n"
"                return '<%s at %#x state=%s returned %s>' % (\n"
"                    name, id(self), state, self._result.__class__.__name__)\n"
"            return '<%s at %#x state=%s>' % (name, id(self), state)\n"
"\n"
"    def cancel(self):\n"
"        with self._condition:\n"
"            if self._state in (RUNNING, FINISHED):\n"
"                return False\n"
"            if self._state in _CANCELLED:\n"
"                return True\n"
"            self._state = CANCELLED\n"
"            self._condition.notify_all()\n"
"        self._invoke_callbacks()\n"
"        return True\n"
"\n"
"    def cancelled(self):\n"
"        with self._condition:\n"
"            return self._state in _CANCELLED\n"
"\n"
"    def running(self):\n"
"        with self._condition:\n"
"            return self._state == RUNNING\n"
"\n"
"    def done(self):\n"
"        with self._condition:\n"
"            return self._state in _DONE\n"
"\n"
"    def __get_result(self):\n"
"        if self._exception:\n"
"            raise self._exception\n"
"        return self._result\n"
"\n"
"    def add_done_callback(self, fn):\n"
"        with self._condition:\n"
"            if self._state not in _DONE:\n"
"                self._done_callbacks.append(fn)\n"
"                return\n"
"        try:\n"
"            fn(self)\n"
"        except Exception as e:\n"
"            _report_callback_error(self, e)\n"
"\n"
"    def result(self, timeout=None):\n"
"        with self._condition:\n"
"            if self._state in _CANCELLED:\n"
"                raise CancelledError()\n"
"            elif self._state == FINISHED:\n"
"                return self.__get_result()\n"
"            self._condition.wait(timeout)\n"
"            if self._state in _CANCELLED:\n"
"                raise CancelledError()\n"
"            elif self._state == FINISHED:\n"
"                return self.__get_result()\n"
"            raise TimeoutError()\n"
"\n"
"    def exception(self, timeout=None):\n"
"        with self._condition:\n"
"            if self._state in _CANCELLED:\n"
"                raise CancelledError()\n"
"            elif self._state == FINISHED:\n"
"                return self._exception\n"
"            self._condition.wait(timeout)\n"
"            if self._state in _CANCELLED:\n"
"                raise CancelledError()\n"
"            elif self._state == FINISHED:\n"
"                return self._exception\n"
"            raise TimeoutError()\n"
"\n"
"    def set_running_or_notify_cancel(self):\n"
"        with self._condition:\n"
"            if self._state == CANCELLED:\n"
"                self._state = CANCELLED_AND_NOTIFIED\n"
"                for waiter in self._waiters:\n"
"                    waiter.add_cancelled(self)\n"
"                return False\n"
"            elif self._state == PENDING:\n"
"                self._state = RUNNING\n"
"                return True\n"
"            raise RuntimeError('Future in unexpected state')\n"
"\n"
"    def set_result(self, result):\n"
"        with self._condition:\n"
"            if self._state in _DONE:\n"
"                raise InvalidStateError('%s: %r' % (self._state, self))\n"
"            self._result = result\n"
"            self._state = FINISHED\n"
"            for waiter in self._waiters:\n"
"                waiter.add_result(self)\n"
"            self._condition.notify_all()\n"
"        self._invoke_callbacks()\n"
"\n"
"    def set_exception(self, exception):\n"
"        with self._condition:\n"
"            if self._state in _DONE:\n"
"                raise InvalidStateError('%s: %r' % (self._state, self))\n"
"            self._exception = exception\n"
"            self._state = FINISHED\n"
"            for waiter in self._waiters:\n"
"                waiter.add_exception(self)\n"
"            self._condition.notify_all()\n"
"        self._invoke_callbacks()\n"
"\n"
"\n"
"def _result_iterator(fs, timeout, end_time):\n"
"    try:\n"
"        fs.reverse()\n"
"        while fs:\n"
"            if timeout is None:\n"
"                yield _result_or_cancel(fs.pop())\n"
"            else:\n"
"                yield _result_or_cancel(fs.pop(), end_time - time.monotonic())\n"
"    finally:\n"
"        for future in fs:\n"
"            future.cancel()\n"
"\n"
"\n"
"class Executor(object):\n"
"    def submit(self, fn, *args, **kwargs):\n"
"        raise NotImplementedError()\n"
"\n"
"    def map(self, fn, *iterables, timeout=None, chunksize=1):\n"
"        end_time = None\n"
"        if timeout is not None:\n"
"            end_time = timeout + time.monotonic()\n"
"        fs = [self.submit(fn, *args) for args in zip(*iterables)]\n"
"        return _result_iterator(fs, timeout, end_time)\n"
"\n"
"    def shutdown(self, wait=True, *, cancel_futures=False):\n"
"        pass\n"
"\n"
"    def __enter__(self):\n"
"        return self\n"
"\n"
"    def __exit__(self, exc_type, exc_val, exc_tb):\n"
"        self.shutdown(wait=True)\n"
"        return False\n";

/* concurrent.futures.thread: ThreadPoolExecutor (_base is set first). */
static const char fut_thread_src[] =
"import os\n"
"import queue\n"
"import sys\n"
"import threading\n"
"\n"
"Future = _base.Future\n"
"\n"
"_threads_queues = {}\n"
"_shutdown = False\n"
"_global_shutdown_lock = threading.Lock()\n"
"\n"
"\n"
"def _python_exit():\n"
"    global _shutdown\n"
"    with _global_shutdown_lock:\n"
"        _shutdown = True\n"
"    items = list(_threads_queues.items())\n"
"    for t, q in items:\n"
"        q.put(None)\n"
"    for t, q in items:\n"
"        t.join()\n"
"\n"
"\n"
"threading._register_atexit(_python_exit)\n"
"\n"
"\n"
"class BrokenThreadPool(_base.BrokenExecutor):\n"
"    pass\n"
"\n"
"\n"
"class _WorkItem(object):\n"
"    def __init__(self, future, fn, args, kwargs):\n"
"        self.future = future\n"
"        self.fn = fn\n"
"        self.args = args\n"
"        self.kwargs = kwargs\n"
"\n"
"    def run(self):\n"
"        if not self.future.set_running_or_notify_cancel():\n"
"            return\n"
"        try:\n"
"            result = self.fn(*self.args, **self.kwargs)\n"
"        except BaseException as exc:\n"
"            self.future.set_exception(exc)\n"
"        else:\n"
"            self.future.set_result(result)\n"
"\n"
"\n"
"def _worker(executor, work_queue, initializer, initargs):\n"
"    if initializer is not None:\n"
"        try:\n"
"            initializer(*initargs)\n"
"        except BaseException as e:\n"
"            _base._print_exception('Exception in initializer:', e)\n"
"            executor._initializer_failed()\n"
"            return\n"
"    while True:\n"
"        work_item = work_queue.get(block=True)\n"
"        if work_item is not None:\n"
"            work_item.run()\n"
"            del work_item\n"
"            executor._idle_semaphore.release()\n"
"            continue\n"
"        if _shutdown or executor._shutdown:\n"
"            executor._shutdown = True\n"
"            work_queue.put(None)\n"
"            return\n"
"\n"
"\n"
"_counter = 0\n"
"\n"
"\n"
"class ThreadPoolExecutor(_base.Executor):\n"
"    def __init__(self, max_workers=None, thread_name_prefix='',\n"
"                 initializer=None, initargs=()):\n"
"        global _counter\n"
"        if max_workers is None:\n"
"            max_workers = min(32, (os.cpu_count() or 1) + 4)\n"
"        if max_workers <= 0:\n"
"            raise ValueError('max_workers must be greater than 0')\n"
"        if initializer is not None and not callable(initializer):\n"
"            raise TypeError('initializer must be a callable')\n"
"        self._max_workers = max_workers\n"
"        self._work_queue = queue.SimpleQueue()\n"
"        self._idle_semaphore = threading.Semaphore(0)\n"
"        self._threads = []\n"
"        self._broken = False\n"
"        self._shutdown = False\n"
"        self._shutdown_lock = threading.Lock()\n"
"        if not thread_name_prefix:\n"
"            thread_name_prefix = 'ThreadPoolExecutor-%d' % _counter\n"
"            _counter += 1\n"
"        self._thread_name_prefix = thread_name_prefix\n"
"        self._initializer = initializer\n"
"        self._initargs = initargs\n"
"\n"
"    def submit(*args, **kwargs):\n"
"        # submit(self, fn, /, *args, **kwargs): fn= may go to the call.\n"
"        if len(args) < 2:\n"
"            raise TypeError('submit() missing 1 required positional '\n"
"                            \"argument: 'fn'\")\n"
"        self, fn, args = args[0], args[1], args[2:]\n"
"        with self._shutdown_lock, _global_shutdown_lock:\n"
"            if self._broken:\n"
"                raise BrokenThreadPool(self._broken)\n"
"            if self._shutdown:\n"
"                raise RuntimeError(\n"
"                    'cannot schedule new futures after shutdown')\n"
"            if _shutdown:\n"
"                raise RuntimeError('cannot schedule new futures after '\n"
"                                   'interpreter shutdown')\n"
"            f = _base.Future()\n"
"            w = _WorkItem(f, fn, args, kwargs)\n"
"            self._work_queue.put(w)\n"
"            self._adjust_thread_count()\n"
"            return f\n"
"\n"
"    def _adjust_thread_count(self):\n"
"        if self._idle_semaphore.acquire(timeout=0):\n"
"            return\n"
"        num_threads = len(self._threads)\n"
"        if num_threads < self._max_workers:\n"
"            thread_name = '%s_%d' % (self._thread_name_prefix or self,\n"
"                                     num_threads)\n"
"            t = threading.Thread(name=thread_name, target=_worker,\n"
"                                 args=(self, self._work_queue,\n"
"                                       self._initializer, self._initargs))\n"
"            t.start()\n"
"            self._threads.append(t)\n"
"            _threads_queues[t] = self._work_queue\n"
"\n"
"    def _initializer_failed(self):\n"
"        with self._shutdown_lock:\n"
"            self._broken = ('A thread initializer failed, the thread pool '\n"
"                            'is not usable anymore')\n"
"            while True:\n"
"                try:\n"
"                    work_item = self._work_queue.get_nowait()\n"
"                except queue.Empty:\n"
"                    break\n"
"                if work_item is not None:\n"
"                    work_item.future.set_exception(\n"
"                        BrokenThreadPool(self._broken))\n"
"\n"
"    def shutdown(self, wait=True, *, cancel_futures=False):\n"
"        with self._shutdown_lock:\n"
"            self._shutdown = True\n"
"            if cancel_futures:\n"
"                while True:\n"
"                    try:\n"
"                        work_item = self._work_queue.get_nowait()\n"
"                    except queue.Empty:\n"
"                        break\n"
"                    if work_item is not None:\n"
"                        work_item.future.cancel()\n"
"            self._work_queue.put(None)\n"
"        if wait:\n"
"            for t in self._threads:\n"
"                t.join()\n"
"                # Joined: nothing left for the exit hook to wait for.\n"
"                _threads_queues.pop(t, None)\n";

/* concurrent.futures.process: ProcessPoolExecutor over the _pp_* functions. */
static const char fut_process_src[] =
"import os\n"
"import sys\n"
"import threading\n"
"import time\n"
"\n"
"_threads_wakeups = {}\n"
"_global_shutdown = False\n"
"\n"
"EXTRA_QUEUED_CALLS = 1\n"
"\n"
"\n"
"def _python_exit():\n"
"    global _global_shutdown\n"
"    _global_shutdown = True\n"
"    items = list(_threads_wakeups.items())\n"
"    for t, executor in items:\n"
"        executor._wakeup()\n"
"    for t, executor in items:\n"
"        t.join()\n"
"\n"
"\n"
"threading._register_atexit(_python_exit)\n"
"\n"
"\n"
"class BrokenProcessPool(_base.BrokenExecutor):\n"
"    pass\n"
"\n"
"\n"
"class PicklingError(Exception):\n"
"    pass\n"
"\n"
"\n"
"class _WorkItem(object):\n"
"    def __init__(self, future, fn, args, kwargs, chunk):\n"
"        self.future = future\n"
"        self.fn = fn\n"
"        self.args = args\n"
"        self.kwargs = kwargs\n"
"        self.chunk = chunk\n"
"\n"
"\n"
"def _get_chunks(iterables, chunksize):\n"
"    it = zip(*iterables)\n"
"    while True:\n"
"        chunk = []\n"
"        for args in it:\n"
"            chunk.append(args)\n"
"            if len(chunk) == chunksize:\n"
"                break\n"
"        if not chunk:\n"
"            return\n"
"        yield chunk\n"
"\n"
"\n"
"def _chain_from_iterable_of_lists(iterable):\n"
"    for element in iterable:\n"
"        element.reverse()\n"
"        while element:\n"
"            yield element.pop()\n"
"\n"
"\n"
"class _ExecutorManagerThread(threading.Thread):\n"
"    def __init__(self, executor):\n"
"        self._executor = executor\n"
"        threading.Thread.__init__(self)\n"
"\n"
"    def run(self):\n"
"        self._executor._manage()\n"
"\n"
"\n"
"class ProcessPoolExecutor(_base.Executor):\n"
"    def __init__(self, max_workers=None, mp_context=None, initializer=None,\n"
"                 initargs=(), *, max_tasks_per_child=None):\n"
"        if max_workers is None:\n"
"            self._max_workers = os.cpu_count() or 1\n"
"        else:\n"
"            if max_workers <= 0:\n"
"                raise ValueError('max_workers must be greater than 0')\n"
"            self._max_workers = max_workers\n"
"        if initializer is not None and not callable(initializer):\n"
"            raise TypeError('initializer must be a callable')\n"
"        if max_tasks_per_child is not None:\n"
"            if not isinstance(max_tasks_per_child, int):\n"
"                raise TypeError('max_tasks_per_child must be an integer')\n"
"            elif max_tasks_per_child <= 0:\n"
"                raise ValueError('max_tasks_per_child must be >= 1')\n"
"        self._initializer = initializer\n"
"        self._initargs = initargs\n"
"        self._h = None\n"
"        self._executor_manager_thread = None\n"
"        self._pending_work_items = {}\n"
"        self._work_ids = []\n"
"        self._queue_count = 0\n"
"        self._in_flight = 0\n"
"        self._shutdown_thread = False\n"
"        self._shutdown_lock = threading.Lock()\n"
"        self._broken = False\n"
"        self._cancel_pending_futures = False\n"
"\n"
"    def _wakeup(self):\n"
"        if self._h is not None:\n"
"            _pp_wake(self._h)\n"
"\n"
"    def _start_executor_manager_thread(self):\n"
"        if self._executor_manager_thread is None:\n"
"            # Only a program that uses processes gets multiprocessing (its\n"
"            # values crossing, its cleanup at exit), as CPython imports it.\n"
"            import multiprocessing\n"
"            self._h = _pp_new(self._max_workers, self._initializer,\n"
"                              self._initargs)\n"
"            t = _ExecutorManagerThread(self)\n"
"            self._executor_manager_thread = t\n"
"            t.start()\n"
"            _threads_wakeups[t] = self\n"
"\n"
"    def _submit(self, fn, args, kwargs, chunk):\n"
"        with self._shutdown_lock:\n"
"            if self._broken:\n"
"                raise BrokenProcessPool(self._broken)\n"
"            if self._shutdown_thread:\n"
"                raise RuntimeError(\n"
"                    'cannot schedule new futures after shutdown')\n"
"            if _global_shutdown:\n"
"                raise RuntimeError('cannot schedule new futures after '\n"
"                                   'interpreter shutdown')\n"
"            f = _base.Future()\n"
"            w = _WorkItem(f, fn, args, kwargs, chunk)\n"
"            self._pending_work_items[self._queue_count] = w\n"
"            self._work_ids.append(self._queue_count)\n"
"            self._queue_count += 1\n"
"            self._wakeup()\n"
"            self._start_executor_manager_thread()\n"
"            return f\n"
"\n"
"    def submit(*args, **kwargs):\n"
"        # submit(self, fn, /, *args, **kwargs): fn= may go to the call.\n"
"        if len(args) < 2:\n"
"            raise TypeError('submit() missing 1 required positional '\n"
"                            \"argument: 'fn'\")\n"
"        self, fn, args = args[0], args[1], args[2:]\n"
"        return self._submit(fn, args, kwargs, False)\n"
"\n"
"    def map(self, fn, *iterables, timeout=None, chunksize=1):\n"
"        if chunksize < 1:\n"
"            raise ValueError('chunksize must be >= 1.')\n"
"        end_time = None\n"
"        if timeout is not None:\n"
"            end_time = timeout + time.monotonic()\n"
"        fs = [self._submit(fn, chunk, None, True)\n"
"              for chunk in _get_chunks(iterables, chunksize)]\n"
"        return _chain_from_iterable_of_lists(\n"
"            _base._result_iterator(fs, timeout, end_time))\n"
"\n"
"    def _add_call_items(self):\n"
"        limit = 2 * self._max_workers + EXTRA_QUEUED_CALLS\n"
"        while self._in_flight < limit and self._work_ids:\n"
"            work_id = self._work_ids.pop(0)\n"
"            w = self._pending_work_items.get(work_id)\n"
"            if w is None:\n"
"                continue\n"
"            if w.future.set_running_or_notify_cancel():\n"
"                err = _pp_put(self._h, work_id, w.fn, w.args, w.kwargs,\n"
"                              w.chunk)\n"
"                if err is not None:\n"
"                    del self._pending_work_items[work_id]\n"
"                    w.future.set_exception(err)\n"
"                else:\n"
"                    self._in_flight += 1\n"
"            else:\n"
"                del self._pending_work_items[work_id]\n"
"\n"
"    def _is_shutting_down(self):\n"
"        return _global_shutdown or self._shutdown_thread\n"
"\n"
"    def _flag_shutting_down(self):\n"
"        self._shutdown_thread = True\n"
"        if self._cancel_pending_futures:\n"
"            keep = {}\n"
"            for work_id, w in self._pending_work_items.items():\n"
"                if not w.future.cancel():\n"
"                    keep[work_id] = w\n"
"            self._pending_work_items = keep\n"
"            self._work_ids = []\n"
"            self._cancel_pending_futures = False\n"
"\n"
"    def _terminate_broken(self):\n"
"        with self._shutdown_lock:\n"
"            self._broken = ('A child process terminated abruptly, the '\n"
"                            'process pool is not usable anymore')\n"
"            self._shutdown_thread = True\n"
"        bpe = BrokenProcessPool('A process in the process pool was '\n"
"                                'terminated abruptly while the future was '\n"
"                                'running or pending.')\n"
"        items = self._pending_work_items\n"
"        self._pending_work_items = {}\n"
"        self._work_ids = []\n"
"        for work_id, w in items.items():\n"
"            if not w.future.done():\n"
"                w.future.set_exception(bpe)\n"
"        _pp_stop(self._h, True)\n"
"\n"
"    def _manage(self):\n"
"        h = self._h\n"
"        while True:\n"
"            self._add_call_items()\n"
"            ev = _pp_wait(h)\n"
"            if ev[0] == 'broken':\n"
"                self._terminate_broken()\n"
"                return\n"
"            if ev[0] == 'result':\n"
"                self._in_flight -= 1\n"
"                w = self._pending_work_items.pop(ev[1], None)\n"
"                if w is not None:\n"
"                    if ev[2]:\n"
"                        w.future.set_result(ev[3])\n"
"                    else:\n"
"                        w.future.set_exception(ev[3])\n"
"                    del w\n"
"            if self._is_shutting_down():\n"
"                self._flag_shutting_down()\n"
"                if not self._pending_work_items:\n"
"                    _pp_stop(h, False)\n"
"                    return\n"
"\n"
"    def shutdown(self, wait=True, *, cancel_futures=False):\n"
"        with self._shutdown_lock:\n"
"            self._cancel_pending_futures = cancel_futures\n"
"            self._shutdown_thread = True\n"
"            self._wakeup()\n"
"        t = self._executor_manager_thread\n"
"        if t is not None and wait:\n"
"            t.join()\n"
"            _threads_wakeups.pop(t, None)\n";

/* concurrent.futures itself: the public names. */
static const char fut_package_src[] =
"from concurrent.futures._base import (FIRST_COMPLETED, FIRST_EXCEPTION,\n"
"                                      ALL_COMPLETED, CancelledError,\n"
"                                      TimeoutError, InvalidStateError,\n"
"                                      BrokenExecutor, Future, Executor,\n"
"                                      wait, as_completed)\n"
"from concurrent.futures.thread import ThreadPoolExecutor\n"
"from concurrent.futures.process import ProcessPoolExecutor\n"
"\n"
"__all__ = (\n"
"    'FIRST_COMPLETED',\n"
"    'FIRST_EXCEPTION',\n"
"    'ALL_COMPLETED',\n"
"    'CancelledError',\n"
"    'TimeoutError',\n"
"    'BrokenExecutor',\n"
"    'Future',\n"
"    'Executor',\n"
"    'wait',\n"
"    'as_completed',\n"
"    'ProcessPoolExecutor',\n"
"    'ThreadPoolExecutor',\n"
")\n";

/* The process module's globals (PicklingError lives there). */
static struct dict	*fpp_module_dict;

/* The class pickle errors are raised with. */
static struct type *
fpp_pickling_error(struct vm_thread *t)
{
	struct val c = fpp_module_dict != NULL ?
	    dict_get_cstr(fpp_module_dict, "PicklingError") : val_null();

	if (val_is_obj(c, L_TYPE))
		return VAL_AS(type, c);
	return EXC(TypeError);
}

/* ---- the process pool's C half ------------------------------------------ */

/*
 * One ProcessPoolExecutor's processes and pipes. Created by _pp_new in the
 * parent; workers see their copy after fork. Touched with the GIL held
 * (the wait releases it around poll only).
 */
struct fpp {
	unsigned		 n;
	struct proc		**workers;
	int			*sentinel;	/* read ends; -1 once closed */
	struct ipc_queue	*callq;		/* (id, fn, args, kwargs, chunk) */
	struct ipc_queue	*resq;		/* (id, ok, value) */
	int			 wake[2];
	int			 stopped;
	struct val		 init;		/* initializer (None) */
	struct val		 initargs;
};

static struct fpp	**fpp_pools;
static size_t		  fpp_npools;

/* The pool behind handle h, or NULL with ValueError raised. */
static struct fpp *
fpp_get(struct vm_thread *t, struct val h)
{
	if (h.tag != V_INT || h.u.i < 0 || (size_t)h.u.i >= fpp_npools) {
		vm_raise(t, EXC(ValueError), "bad process pool handle");
		return NULL;
	}
	return fpp_pools[h.u.i];
}

/* Print an exception the way a worker reports one on stderr. */
static void
fpp_report(struct vm_thread *t, const char *fmt, const char *arg)
{
	struct val exc = t->exc;

	t->exc = val_null();
	fflush(stdout);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	vm_print_exception(t, exc, stderr);
	val_decref(exc);
	fflush(stderr);
}

/* The exception pending on t as an IPC value (cleared). */
static struct ipc_value *
fpp_exc_value(struct vm_thread *t)
{
	struct ipc_value	*out;
	struct val		 exc = t->exc;

	t->exc = val_null();
	out = mp_to_ipc(t, exc, 0);
	val_decref(exc);
	if (out == NULL) {
		vm_clear_exc(t);
		out = ipc_value_exc("builtins", "Exception",
		    ipc_value_container(IPC_TUPLE));
	}
	return out;
}

/*
 * Resolve a function reference (module, qualified name) in this process,
 * as unpickling does: a new reference, or V_NULL with AttributeError.
 */
static struct val
fpp_resolve(struct vm_thread *t, const char *module, const char *qualname)
{
	struct interp	*in = t->interp;
	struct val	 cur, next;
	struct str	*part;
	char		*q = xstrdup(qualname), *p, *dot;

	if (strcmp(module, "builtins") == 0)
		cur = val_dup(dict_get_cstr(in->builtins, q));
	else if (strcmp(module, "__main__") == 0)
		cur = val_dup(val_obj(in->main_globals));
	else
		cur = val_dup(dict_get_cstr(in->modules, module));
	if (cur.tag == V_NULL) {
		free(q);
		return vm_raise(t, EXC(AttributeError),
		    "Can't get attribute '%s' on <module '%s'>", qualname,
		    module);
	}
	if (strcmp(module, "builtins") == 0) {
		free(q);
		return cur;
	}
	for (p = q; p != NULL; p = dot) {
		if ((dot = strchr(p, '.')) != NULL)
			*dot++ = '\0';
		if (IS_DICT(cur)) {
			next = val_dup(dict_get_cstr(VAL_AS(dict, cur), p));
		} else {
			part = str_cstr(p);
			next = obj_getattr_opt(t, cur, part);
			OBJ_DECREF(part);
			vm_clear_exc(t);
		}
		val_decref(cur);
		cur = next;
		if (cur.tag == V_NULL) {
			free(q);
			return vm_raise(t, EXC(AttributeError),
			    "Can't get attribute '%s' on <module '%s'>",
			    qualname, module);
		}
	}
	free(q);
	return cur;
}

/* Run one call item in a worker: the result message (id, ok, value). */
static struct ipc_value *
fpp_run(struct vm_thread *t, const struct ipc_value *msg)
{
	const struct ipc_value	*ref = msg->items[1];
	struct ipc_value	*out, *list = NULL;
	struct val		 fn, args, kwargs, r, one;
	struct tuple		*a;
	struct list		*calls;
	int64_t			 i;
	int			 ok = 1;

	fn = fpp_resolve(t, ref->items[0]->s, ref->items[1]->s);
	if (fn.tag == V_NULL) {
		/* As unpickling the call item fails in CPython's worker. */
		fpp_report(t, "Process %s:", proc_self_name());
		proc_exit(1);
	}
	args = mp_from_ipc(t, msg->items[2]);
	kwargs = args.tag != V_NULL ? mp_from_ipc(t, msg->items[3]) :
	    val_null();
	if (args.tag == V_NULL || kwargs.tag == V_NULL) {
		/* As unpickling the call item fails in CPython's worker. */
		fpp_report(t, "Process %s:", proc_self_name());
		proc_exit(1);
	}
	if (msg->items[4]->i) {
		/* A chunk of map(): a list of argument tuples, one result each. */
		calls = VAL_AS(list, args);
		r = val_obj(list_new(0));
		for (i = 0; i < calls->len; i++) {
			a = VAL_AS(tuple, calls->items[i]);
			one = vm_call(t, fn, a->items, (int)a->len, NULL);
			if (one.tag == V_NULL) {
				val_decref(r);
				r = val_null();
				break;
			}
			list_append(VAL_AS(list, r), one);
		}
	} else {
		a = VAL_AS(tuple, args);
		r = vm_call(t, fn, a->items, (int)a->len, IS_DICT(kwargs) ?
		    VAL_AS(dict, kwargs) : NULL);
	}
	val_decref(fn);
	val_decref(args);
	val_decref(kwargs);
	if (r.tag == V_NULL) {
		ok = 0;
		list = fpp_exc_value(t);
	} else {
		list = mp_to_ipc(t, r, 0);
		val_decref(r);
		if (list == NULL) {
			ok = 0;
			list = fpp_exc_value(t);
		}
	}
	fflush(stdout);
	out = ipc_tuple(3, ipc_value_int(msg->items[0]->i), ipc_value_bool(ok),
	    list);
	return out;
}

/* A worker process: call items in, results out, until None. */
static int
fpp_worker_main(void *arg)
{
	struct fpp		*pool = fpp_pools[(size_t)(uintptr_t)arg];
	struct vm_thread	*t = vm_cur;
	struct ipc_value	*msg, *out;
	struct tuple		*a;
	struct val		 r;
	char			*cause = NULL;

	if (pool->init.tag != V_NONE && pool->init.tag != V_NULL) {
		a = IS_TUPLE(pool->initargs) ? VAL_AS(tuple, pool->initargs) :
		    NULL;
		r = vm_call(t, pool->init, a != NULL ? a->items : NULL,
		    a != NULL ? (int)a->len : 0, NULL);
		if (r.tag == V_NULL) {
			fpp_report(t, "%s", "Exception in initializer:");
			return 1;
		}
		val_decref(r);
	}
	for (;;) {
		if (ipc_queue_get(pool->callq, &msg, 1, -1, &cause) != 1) {
			free(cause);
			return 1;
		}
		if (msg->type != IPC_TUPLE || msg->n != 5) {
			/* None: the executor is done with us. */
			ipc_value_free(msg);
			rtbind_child_exit(t->interp, 0);
			return 0;
		}
		out = fpp_run(t, msg);
		ipc_value_free(msg);
		if (ipc_queue_put(pool->resq, out, 1, -1, &cause) != 1) {
			free(cause);
			ipc_value_free(out);
			return 1;
		}
		ipc_value_free(out);
	}
}

/* _pp_new(n, initializer, initargs) -> handle: fork n workers now. */
static struct val
fpp_new(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct fpp	*pool;
	char		*cause = NULL, *name;
	int		 sp[2];
	int64_t		 n;
	unsigned	 i;
	size_t		 h = fpp_npools;
	struct val	 e;

	if (arg_count(t, "_pp_new", nargs, 3, 3) < 0 ||
	    arg_int(t, "_pp_new", args[0], &n) < 0)
		return val_null();
	if (n < 1)
		return vm_raise(t, EXC(ValueError),
		    "max_workers must be greater than 0");
	pool = xcalloc(1, sizeof *pool);
	pool->init = val_dup(args[1]);
	pool->initargs = val_dup(args[2]);
	pool->wake[0] = pool->wake[1] = -1;
	if ((pool->callq = ipc_queue_create(IPC_QUEUE, 0, &cause)) == NULL ||
	    (pool->resq = ipc_queue_create(IPC_SIMPLE, 0, &cause)) == NULL ||
	    pipe2(pool->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		if (cause == NULL)
			cause = xasprintf("pipe: %s", strerror(errno));
		goto fail;
	}
	fpp_pools = xreallocarray(fpp_pools, fpp_npools + 1,
	    sizeof *fpp_pools);
	fpp_pools[fpp_npools++] = pool;
	pool->workers = xcalloc((size_t)n, sizeof *pool->workers);
	pool->sentinel = xcalloc((size_t)n, sizeof *pool->sentinel);
	fflush(NULL);
	for (i = 0; i < (unsigned)n; i++) {
		/* The child keeps the write end: its death closes it. */
		if (pipe2(sp, O_CLOEXEC) != 0) {
			cause = xasprintf("pipe: %s", strerror(errno));
			goto fail_started;
		}
		pool->workers[i] = proc_create(NULL, 0, fpp_worker_main,
		    (void *)(uintptr_t)h);
		name = xasprintf("ForkProcess-%s",
		    proc_name(pool->workers[i]) + 8);
		proc_set_name(pool->workers[i], name);
		free(name);
		if (proc_start(pool->workers[i], &cause) != 0) {
			close(sp[0]);
			close(sp[1]);
			proc_free(pool->workers[i]);
			goto fail_started;
		}
		close(sp[1]);
		pool->sentinel[i] = sp[0];
		pool->n = i + 1;
	}
	return val_int((int64_t)h);

fail_started:
	/* Workers already running are stopped; the pool is unusable. */
	pool->stopped = 1;
	for (i = 0; i < pool->n; i++) {
		proc_terminate(pool->workers[i]);
		proc_join(pool->workers[i], -1);
		close(pool->sentinel[i]);
		pool->sentinel[i] = -1;
	}
	e = vm_raise(t, EXC(OSError), "%s", cause);
	free(cause);
	return e;
fail:
	ipc_queue_free(pool->callq);
	ipc_queue_free(pool->resq);
	val_decref(pool->init);
	val_decref(pool->initargs);
	free(pool);
	e = vm_raise(t, EXC(OSError), "%s", cause);
	free(cause);
	return e;
}

/*
 * The reference by which a worker finds fn, as pickle names a function:
 * (module, qualified name). V_NULL with the error pickle would raise.
 */
static struct ipc_value *
fpp_fn_ref(struct vm_thread *t, struct val fn)
{
	struct interp	*in = t->interp;
	const char	*name = NULL, *module = NULL;
	struct val	 k, v, g;
	int64_t		 pos = 0;
	struct func	*f;

	if (val_is_obj(fn, L_FUNC)) {
		f = VAL_AS(func, fn);
		g = dict_get_cstr(f->globals, "__name__");
		module = IS_STR(g) ? VAL_AS(str, g)->data : "__main__";
		if (strstr(f->qualname->data, "<locals>") != NULL) {
			vm_raise(t, EXC(AttributeError),
			    "Can't pickle local object '%s'",
			    f->qualname->data);
			return NULL;
		}
		if (strchr(f->qualname->data, '<') != NULL) {
			vm_raise(t, fpp_pickling_error(t),
			    "Can't pickle <function %s at %p>: attribute "
			    "lookup %s on %s failed", f->qualname->data,
			    (void *)f, f->qualname->data, module);
			return NULL;
		}
		return ipc_tuple(2, ipc_value_str(module, strlen(module)),
		    ipc_value_str(f->qualname->data,
		    (size_t)f->qualname->len));
	}
	if (val_is_obj(fn, L_CFUNC) && VAL_AS(cfunc, fn)->self.tag == V_NULL)
		name = VAL_AS(cfunc, fn)->name;
	else if (val_is_obj(fn, L_TYPE))
		name = VAL_AS(type, fn)->name;
	if (name != NULL) {
		v = dict_get_cstr(in->builtins, name);
		if (v.tag != V_NULL && v.u.o == fn.u.o)
			return ipc_tuple(2, ipc_value_str("builtins", 8),
			    ipc_value_str(name, strlen(name)));
		while (dict_next(in->modules, &pos, &k, &g)) {
			if (!val_is_obj(g, L_MODULE) || !IS_STR(k))
				continue;
			v = dict_get_cstr(VAL_AS(module, g)->dict, name);
			if (v.tag != V_NULL && v.u.o == fn.u.o)
				return ipc_tuple(2, ipc_value_str(
				    VAL_AS(str, k)->data,
				    (size_t)VAL_AS(str, k)->len),
				    ipc_value_str(name, strlen(name)));
		}
	}
	vm_raise(t, EXC(TypeError), "cannot pickle '%s' object",
	    val_type_name(fn));
	return NULL;
}

/*
 * _pp_put(h, id, fn, args, kwargs, chunk) -> None, or the exception that
 * serializing the call raised (the future gets it, as CPython's queue
 * feeder does).
 */
static struct val
fpp_put(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct fpp		*pool;
	struct ipc_value	*ref, *a = NULL, *k = NULL, *msg;
	struct val		 exc;
	char			*cause = NULL;
	int64_t			 id;
	int			 chunk;

	if (arg_count(t, "_pp_put", nargs, 6, 6) < 0 ||
	    (pool = fpp_get(t, args[0])) == NULL ||
	    arg_int(t, "_pp_put", args[1], &id) < 0)
		return val_null();
	chunk = obj_truth(t, args[5]) > 0;
	if ((ref = fpp_fn_ref(t, args[2])) == NULL ||
	    (a = mp_to_ipc(t, args[3], 0)) == NULL ||
	    (k = mp_to_ipc(t, args[4], 0)) == NULL) {
		ipc_value_free(ref);
		ipc_value_free(a);
		exc = t->exc;
		t->exc = val_null();
		return exc;
	}
	if (pool->stopped) {
		ipc_value_free(ref);
		ipc_value_free(a);
		ipc_value_free(k);
		return vm_raise(t, EXC(RuntimeError), "process pool stopped");
	}
	msg = ipc_tuple(5, ipc_value_int(id), ref, a, k,
	    ipc_value_bool(chunk));
	if (ipc_queue_put(pool->callq, msg, 1, -1, &cause) != 1) {
		ipc_value_free(msg);
		exc = vm_raise(t, EXC(OSError), "%s", cause);
		free(cause);
		return exc;
	}
	ipc_value_free(msg);
	return val_none();
}

/* _pp_wake(h): wake the manager thread out of _pp_wait. */
static struct val
fpp_wake(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct fpp	*pool;
	char		 c = 'w';

	if (arg_count(t, "_pp_wake", nargs, 1, 1) < 0 ||
	    (pool = fpp_get(t, args[0])) == NULL)
		return val_null();
	if (pool->wake[1] != -1 && write(pool->wake[1], &c, 1) == -1 &&
	    errno != EAGAIN)
		return vm_raise(t, EXC(OSError), "wakeup: %s", strerror(errno));
	return val_none();
}

/*
 * _pp_wait(h) -> ('result', id, ok, value) | ('wake',) | ('broken',):
 * what happened first among a result, a wakeup and the death of a worker
 * (results that arrived before a death are delivered first). The calling
 * thread shows Blocked on the result queue while it waits.
 */
static struct val
fpp_wait(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct fpp		*pool;
	struct pollfd		*pfd;
	struct ipc_value	*msg;
	struct tuple		*tu;
	char			*cause = NULL, drain[64];
	unsigned		 i, npfd;
	int			 r, broken = 0;

	if (arg_count(t, "_pp_wait", nargs, 1, 1) < 0 ||
	    (pool = fpp_get(t, args[0])) == NULL)
		return val_null();
	if (pool->stopped)
		return vm_raise(t, EXC(RuntimeError), "process pool stopped");
	pfd = xcalloc(pool->n + 2, sizeof *pfd);
	pfd[0].fd = ipc_queue_fileno(pool->resq);
	pfd[0].events = POLLIN;
	pfd[1].fd = pool->wake[0];
	pfd[1].events = POLLIN;
	npfd = 2;
	for (i = 0; i < pool->n; i++) {
		pfd[npfd].fd = pool->sentinel[i];
		pfd[npfd].events = POLLIN;
		npfd++;
	}
	fflush(stdout);
	r = poll(pfd, npfd, 0);
	if (r == 0) {
		vm_block_begin(t, TRACE_WHY_QUEUE, ipc_queue_entity(pool->resq),
		    0);
		do
			r = poll(pfd, npfd, -1);
		while (r == -1 && errno == EINTR);
		vm_block_end(t);
	}
	if (r == -1) {
		free(pfd);
		return vm_raise(t, EXC(OSError), "poll: %s", strerror(errno));
	}
	if (pfd[0].revents & (POLLIN | POLLHUP)) {
		free(pfd);
		if (ipc_queue_get(pool->resq, &msg, 1, -1, &cause) != 1) {
			free(cause);
			tu = tuple_new(1);
			tu->items[0] = val_obj(str_cstr("broken"));
			return val_obj(tu);
		}
		tu = tuple_new(4);
		tu->items[0] = val_obj(str_cstr("result"));
		tu->items[1] = val_int(msg->items[0]->i);
		tu->items[2] = val_bool(msg->items[1]->i != 0);
		tu->items[3] = mp_from_ipc(t, msg->items[2]);
		ipc_value_free(msg);
		return val_obj(tu);
	}
	if (pfd[1].revents & POLLIN) {
		while (read(pool->wake[0], drain, sizeof drain) > 0)
			;
	}
	for (i = 0; i < pool->n; i++)
		if (pfd[2 + i].revents & (POLLHUP | POLLIN | POLLERR))
			broken = 1;
	free(pfd);
	tu = tuple_new(1);
	/* Otherwise a wakeup: the manager looks at its work again. */
	tu->items[0] = val_obj(str_cstr(broken ? "broken" : "wake"));
	return val_obj(tu);
}

/*
 * _pp_stop(h, kill): end the workers — None to each and join (kill false:
 * they finish what they have), or terminate and join (a broken pool) —
 * then close the pool's pipes.
 */
static struct val
fpp_stop(struct vm_thread *t, struct val *args, int nargs, struct dict *kw)
{
	struct fpp		*pool;
	struct ipc_value	*none;
	char			*cause = NULL;
	unsigned		 i;
	int			 kill;

	if (arg_count(t, "_pp_stop", nargs, 2, 2) < 0 ||
	    (pool = fpp_get(t, args[0])) == NULL)
		return val_null();
	if (pool->stopped)
		return val_none();
	kill = obj_truth(t, args[1]) > 0;
	fflush(stdout);
	if (!kill) {
		none = ipc_value_none();
		for (i = 0; i < pool->n; i++)
			if (ipc_queue_put(pool->callq, none, 1, -1, &cause) != 1) {
				free(cause);
				cause = NULL;
			}
		ipc_value_free(none);
	} else {
		for (i = 0; i < pool->n; i++)
			proc_terminate(pool->workers[i]);
	}
	for (i = 0; i < pool->n; i++) {
		proc_join(pool->workers[i], -1);
		close(pool->sentinel[i]);
		pool->sentinel[i] = -1;
	}
	pool->stopped = 1;
	ipc_queue_close(pool->callq);
	ipc_queue_join_thread(pool->callq);
	/* Nothing is left to carry: the pipes go (a program may make many). */
	ipc_queue_free(pool->callq);
	ipc_queue_free(pool->resq);
	pool->callq = pool->resq = NULL;
	close(pool->wake[0]);
	close(pool->wake[1]);
	pool->wake[0] = pool->wake[1] = -1;
	return val_none();
}

/* _print_exception(message, exc): message and a traceback on stderr. */
static struct val
fut_print_exception(struct vm_thread *t, struct val *args, int nargs,
    struct dict *kw)
{
	if (arg_count(t, "_print_exception", nargs, 2, 2) < 0 ||
	    !IS_STR(args[0]))
		return val_null();
	fflush(stdout);
	fprintf(stderr, "%s\n", VAL_AS(str, args[0])->data);
	vm_print_exception(t, args[1], stderr);
	fflush(stderr);
	return val_none();
}

/* ---- the modules ------------------------------------------------------------ */

/* Run src in module m's namespace. -1 with the exception set. */
static int
fut_exec(struct vm_thread *t, struct module *m, const char *src)
{
	struct lang_error	 le;
	struct code		*co;
	struct frame		*f;
	struct val		 r;
	char			 path[96];

	snprintf(path, sizeof path, "<%s>", m->name->data);
	co = compile_module(src, strlen(src), path, &le);
	if (co == NULL) {
		char *msg = compile_error_format(path, src, strlen(src), &le);

		vm_raise(t, EXC(SystemError), "%s", msg);
		free(msg);
		return -1;
	}
	f = frame_new(t, co, NULL, m->dict);
	OBJ_DECREF(co);
	f->entry = 1;
	r = vm_eval(t, f);
	if (r.tag == V_NULL)
		return -1;
	val_decref(r);
	return 0;
}

/*
 * A submodule of concurrent.futures: created, registered in sys.modules
 * and as an attribute of the package (before it runs, as CPython's import
 * does), given _base, then run.
 */
static struct module *
fut_submodule(struct vm_thread *t, struct module *pkg, const char *leaf,
    struct module *base, const char *src)
{
	struct interp	*in = t->interp;
	struct module	*m;
	char		*full = xasprintf("concurrent.futures.%s", leaf);

	m = module_new(full);
	dict_set_cstr(in->modules, full, val_dup(val_obj(m)));
	dict_set_cstr(pkg->dict, leaf, val_dup(val_obj(m)));
	if (base != NULL)
		dict_set_cstr(m->dict, "_base", val_dup(val_obj(base)));
	else
		module_add_func(m, "_print_exception", fut_print_exception);
	if (strcmp(leaf, "process") == 0) {
		module_add_func(m, "_pp_new", fpp_new);
		module_add_func(m, "_pp_put", fpp_put);
		module_add_func(m, "_pp_wake", fpp_wake);
		module_add_func(m, "_pp_wait", fpp_wait);
		module_add_func(m, "_pp_stop", fpp_stop);
		fpp_module_dict = m->dict;
	}
	free(full);
	if (fut_exec(t, m, src) != 0) {
		OBJ_DECREF(m);
		return NULL;
	}
	return m;
}

/* Forget the modules of a failed import. */
static void
fut_unregister(struct vm_thread *t)
{
	static const char *names[] = { "concurrent.futures",
	    "concurrent.futures._base", "concurrent.futures.thread",
	    "concurrent.futures.process", NULL };
	struct val	exc = t->exc;
	struct str	*s;
	int		 i;

	t->exc = val_null();
	for (i = 0; names[i] != NULL; i++) {
		s = str_cstr(names[i]);
		dict_del(t->interp->modules, val_obj(s));
		OBJ_DECREF(s);
	}
	t->exc = exc;
	fpp_module_dict = NULL;
}

/* Build the concurrent package (it only holds futures, once imported). */
struct module *
mod_concurrent_init(struct vm_thread *t)
{
	return module_new("concurrent");
}

/* Build concurrent.futures and its submodules _base, thread, process. */
struct module *
mod_concurrent_futures_init(struct vm_thread *t)
{
	struct interp	*in = t->interp;
	struct module	*m, *base, *sub;

	m = module_new("concurrent.futures");
	dict_set_cstr(m->dict, "__path__", val_obj(list_new(0)));
	dict_set_cstr(in->modules, "concurrent.futures", val_dup(val_obj(m)));
	if ((base = fut_submodule(t, m, "_base", NULL, fut_base_src)) == NULL)
		goto fail;
	if ((sub = fut_submodule(t, m, "thread", base, fut_thread_src)) ==
	    NULL)
		goto fail_base;
	OBJ_DECREF(sub);
	if ((sub = fut_submodule(t, m, "process", base, fut_process_src)) ==
	    NULL)
		goto fail_base;
	OBJ_DECREF(sub);
	OBJ_DECREF(base);
	if (fut_exec(t, m, fut_package_src) != 0)
		goto fail;
	return m;

fail_base:
	OBJ_DECREF(base);
fail:
	fut_unregister(t);
	OBJ_DECREF(m);
	return NULL;
}

/*
 * The submodules' table entries: importing concurrent.futures registers
 * them, so this only runs if that failed half-way.
 */
struct module *
mod_concurrent_futures_sub_init(struct vm_thread *t)
{
	vm_raise(t, EXC(ImportError), "concurrent.futures is not available");
	return NULL;
}
