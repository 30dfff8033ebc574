# asyncio — the event loop, futures, tasks and synchronization, over the _aio
# core (aio-core.c: a libev loop per event loop, the self-pipe, the trace
# events). This file is the source; asyncio-src.c embeds it (py2c.sh).
import _aio
import _thread

_PENDING = 'PENDING'
_CANCELLED = 'CANCELLED'
_FINISHED = 'FINISHED'

# Trace vocabulary (src/trace/event.h).
_ST_READY = 2
_ST_RUNNING = 1
_ST_BLOCKED = 3
_ST_TIMED = 4
_ST_TERMINATED = 5
_WHY_NONE = 0
_WHY_LOCK = 2
_WHY_EVENT = 4
_WHY_CONDITION = 5
_WHY_SEMAPHORE = 6
_WHY_QUEUE = 8
_WHY_FUTURE = 11
_WHY_SLEEP = 12
_WHY_LOOP = 13
_PH_READY = 1
_PH_TIMERS = 2

FIRST_COMPLETED = 'FIRST_COMPLETED'
FIRST_EXCEPTION = 'FIRST_EXCEPTION'
ALL_COMPLETED = 'ALL_COMPLETED'


class CancelledError(BaseException):
    pass


class InvalidStateError(Exception):
    pass


TimeoutError = TimeoutError


class QueueEmpty(Exception):
    pass


class QueueFull(Exception):
    pass


class LimitOverrunError(Exception):
    pass


def iscoroutine(obj):
    return _aio.iscoroutine(obj)


def iscoroutinefunction(func):
    return _aio.iscoroutinefunction(func)


def isfuture(obj):
    return getattr(obj, '_asyncio_future_blocking', None) is not None


# ---- the running loop, per thread ----

_running = {}
_loops = {}


def _get_running_loop():
    return _running.get(_thread.get_ident())


def get_running_loop():
    loop = _running.get(_thread.get_ident())
    if loop is None:
        raise RuntimeError('no running event loop')
    return loop


def get_event_loop():
    loop = _running.get(_thread.get_ident())
    if loop is not None:
        return loop
    loop = _loops.get(_thread.get_ident())
    if loop is None:
        if _thread.get_ident() != _main_ident:
            import threading
            raise RuntimeError("There is no current event loop in thread %r."
                               % threading.current_thread().name)
        loop = new_event_loop()
        _loops[_thread.get_ident()] = loop
    return loop


def set_event_loop(loop):
    if loop is None:
        _loops.pop(_thread.get_ident(), None)
    else:
        _loops[_thread.get_ident()] = loop


def new_event_loop():
    return BaseEventLoop()


# ---- handles ----

class Handle:
    def __init__(self, callback, args, loop):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._cancelled = False
        self._task = None

    def cancel(self):
        if not self._cancelled:
            self._cancelled = True
            self._callback = None
            self._args = None

    def cancelled(self):
        return self._cancelled

    def get_context(self):
        return None

    def _run(self):
        self._callback(*self._args)

    def __repr__(self):
        if self._cancelled:
            return '<Handle cancelled>'
        return '<Handle %s>' % getattr(self._callback, '__qualname__',
                                       repr(self._callback))


class TimerHandle(Handle):
    def __init__(self, when, callback, args, loop):
        Handle.__init__(self, callback, args, loop)
        self._when = when
        self._scheduled = False

    def when(self):
        return self._when

    def __lt__(self, other):
        return self._when < other._when

    def __repr__(self):
        if self._cancelled:
            return '<TimerHandle cancelled when=%r>' % self._when
        return '<TimerHandle when=%r %s>' % (
            self._when, getattr(self._callback, '__qualname__', ''))


def _heappush(heap, item):
    heap.append(item)
    i = len(heap) - 1
    while i > 0:
        p = (i - 1) >> 1
        if heap[p][0] < item[0] or (heap[p][0] == item[0] and
                                    heap[p][1] < item[1]):
            break
        heap[i] = heap[p]
        i = p
    heap[i] = item


def _heappop(heap):
    last = heap.pop()
    if not heap:
        return last
    top = heap[0]
    n = len(heap)
    i = 0
    while True:
        c = 2 * i + 1
        if c >= n:
            break
        if c + 1 < n and (heap[c + 1][0] < heap[c][0] or
                          (heap[c + 1][0] == heap[c][0] and
                           heap[c + 1][1] < heap[c][1])):
            c += 1
        if last[0] < heap[c][0] or (last[0] == heap[c][0] and
                                    last[1] < heap[c][1]):
            break
        heap[i] = heap[c]
        i = c
    heap[i] = last
    return top


# ---- the event loop ----

class BaseEventLoop:
    def __init__(self):
        self._h = _aio.loop_new()
        self._ent = _aio.loop_entity(self._h)
        self._tr = _aio.tracing()
        self._ready = []
        self._scheduled = []
        self._seq = 0
        self._stopping = False
        self._closed = False
        self._thread_id = None
        self._current = None
        self._workers = []
        self._debug = False
        self.slow_callback_duration = 0.1
        self._exception_handler = None
        self._readers = {}
        self._writers = {}

    def __repr__(self):
        return '<_UnixSelectorEventLoop running=%s closed=%s debug=%s>' % (
            self.is_running(), self._closed, self._debug)

    def time(self):
        return _aio.time()

    def _check_closed(self):
        if self._closed:
            raise RuntimeError('Event loop is closed')

    def call_soon(self, callback, *args, context=None):
        self._check_closed()
        h = Handle(callback, args, self)
        self._ready.append(h)
        return h

    def call_soon_threadsafe(self, callback, *args, context=None):
        self._check_closed()
        h = Handle(callback, args, self)
        self._ready.append(h)
        _aio.loop_wakeup(self._h)
        return h

    def call_later(self, delay, callback, *args, context=None):
        return self.call_at(self.time() + delay, callback, *args)

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        h = TimerHandle(when, callback, args, self)
        self._seq += 1
        _heappush(self._scheduled, (when, self._seq, h))
        h._scheduled = True
        return h

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        self._check_closed()
        return Task(coro, loop=self, name=name)

    def is_running(self):
        return self._thread_id is not None

    def is_closed(self):
        return self._closed

    def get_debug(self):
        return self._debug

    def set_debug(self, enabled):
        self._debug = enabled

    def stop(self):
        self._stopping = True

    def close(self):
        if self.is_running():
            raise RuntimeError('Cannot close a running event loop')
        if self._closed:
            return
        self._closed = True
        self._ready = []
        self._scheduled = []
        _aio.loop_close(self._h)

    def run_forever(self):
        self._check_closed()
        if self.is_running():
            raise RuntimeError('This event loop is already running')
        if _get_running_loop() is not None:
            raise RuntimeError(
                'Cannot run the event loop while another loop is running')
        self._thread_id = _thread.get_ident()
        _running[self._thread_id] = self
        if self._tr:
            _aio.state(self._ent, _ST_RUNNING, _WHY_NONE, 0, 0)
        try:
            while True:
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            del _running[self._thread_id]
            self._thread_id = None
            if self._tr:
                _aio.state(self._ent, _ST_READY, _WHY_NONE, 0, 0)

    def run_until_complete(self, future):
        self._check_closed()
        new_task = not isfuture(future)
        future = ensure_future(future, loop=self)
        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except BaseException:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError('Event loop stopped before Future completed.')
        return future.result()

    def _run_once(self):
        # One iteration as asyncio's _run_once: the ready callbacks, then
        # the due timers, then the I/O poll (libev) until the next timer.
        ready = self._ready
        if ready:
            self._ready = []
            if self._tr:
                _aio.phase(self._ent, _PH_READY, len(ready))
            for h in ready:
                if not h._cancelled:
                    h._callback(*h._args)
        sched = self._scheduled
        if sched:
            now = self.time()
            n = 0
            while sched and sched[0][0] <= now:
                h = _heappop(sched)[2]
                h._scheduled = False
                if not h._cancelled:
                    self._ready.append(h)
                    n += 1
            if self._tr:
                _aio.phase(self._ent, _PH_TIMERS, n)
        if self._ready or self._stopping:
            timeout = 0
        else:
            while sched and sched[0][2]._cancelled:
                _heappop(sched)
            if sched:
                timeout = sched[0][0] - self.time()
                if timeout < 0:
                    timeout = 0
            else:
                timeout = None
        fired = _aio.loop_poll(self._h, timeout)
        for fd, ev in fired:
            if ev & 1:
                h = self._readers.get(fd)
                if h is not None and not h._cancelled:
                    self._ready.append(h)
            if ev & 2:
                h = self._writers.get(fd)
                if h is not None and not h._cancelled:
                    self._ready.append(h)

    def _watch(self, fd):
        ev = (1 if fd in self._readers else 0) | (
            2 if fd in self._writers else 0)
        _aio.loop_watch(self._h, fd, ev)

    def add_reader(self, fd, callback, *args):
        self._check_closed()
        self._readers[fd] = Handle(callback, args, self)
        self._watch(fd)

    def remove_reader(self, fd):
        if self._closed:
            return False
        h = self._readers.pop(fd, None)
        if h is None:
            return False
        h.cancel()
        self._watch(fd)
        return True

    def add_writer(self, fd, callback, *args):
        self._check_closed()
        self._writers[fd] = Handle(callback, args, self)
        self._watch(fd)

    def remove_writer(self, fd):
        if self._closed:
            return False
        h = self._writers.pop(fd, None)
        if h is None:
            return False
        h.cancel()
        self._watch(fd)
        return True

    def run_in_executor(self, executor, func, *args):
        self._check_closed()
        fut = self.create_future()
        fut._why = _WHY_FUTURE
        loop = self

        def work():
            try:
                r = func(*args)
            except BaseException as e:
                try:
                    loop.call_soon_threadsafe(_set_exception_unless_done,
                                              fut, e)
                except RuntimeError:
                    pass
            else:
                try:
                    loop.call_soon_threadsafe(_set_result_unless_cancelled,
                                              fut, r)
                except RuntimeError:
                    pass

        import threading
        th = threading.Thread(target=work, daemon=True,
                              name='asyncio_%d' % len(self._workers))
        self._workers.append(th)
        th.start()
        return fut

    def shutdown_default_executor(self):
        for th in self._workers:
            th.join()
        self._workers = []

    def set_exception_handler(self, handler):
        self._exception_handler = handler

    def get_exception_handler(self):
        return self._exception_handler

    def default_exception_handler(self, context):
        pass

    def call_exception_handler(self, context):
        if self._exception_handler is not None:
            self._exception_handler(self, context)


def _run_until_complete_cb(fut):
    fut._loop.stop()


def _set_result_unless_cancelled(fut, result):
    if not fut.cancelled():
        fut.set_result(result)


def _set_exception_unless_done(fut, exc):
    if not fut.done():
        fut.set_exception(exc)


# ---- futures ----

class Future:
    _asyncio_future_blocking = False
    _why = _WHY_FUTURE
    _deadline = 0

    def __init__(self, *, loop=None):
        if loop is None:
            loop = get_event_loop()
        self._loop = loop
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._callbacks = []
        self._cancel_message = None

    def __repr__(self):
        if self._state == _FINISHED:
            if self._exception is not None:
                info = 'exception=%r' % self._exception
            else:
                info = 'result=%r' % self._result
            return '<Future finished %s>' % info
        return '<Future %s>' % self._state.lower()

    def get_loop(self):
        return self._loop

    def _make_cancelled_error(self):
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def cancel(self, msg=None):
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def _schedule_callbacks(self):
        cbs = self._callbacks
        if not cbs:
            return
        self._callbacks = []
        loop = self._loop
        for cb, task in cbs:
            h = loop.call_soon(cb, self)
            if task is not None and loop._tr:
                _aio.state(task._tid, _ST_READY, _WHY_LOOP, loop._ent, 0)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError('Result is not set.')
        if self._exception is not None:
            raise self._exception
        return self._result

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError('Exception is not set.')
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append((fn, None))

    def _add_task_waiter(self, task):
        if self._state != _PENDING:
            self._loop.call_soon(task._wakeup, self)
        else:
            self._callbacks.append((task._wakeup, task))

    def remove_done_callback(self, fn):
        keep = [c for c in self._callbacks if c[0] != fn]
        n = len(self._callbacks) - len(keep)
        self._callbacks = keep
        return n

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError('%s: %r' % (self._state, self))
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError('%s: %r' % (self._state, self))
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._state = _FINISHED
        self._schedule_callbacks()

    def __await__(self):
        if self._state == _PENDING:
            self._asyncio_future_blocking = True
            yield self
        if self._state == _PENDING:
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__


# ---- tasks ----

_task_counter = 0
_current_tasks = {}


def _task_name():
    global _task_counter
    _task_counter += 1
    return 'Task-%d' % _task_counter


class _Yield0:
    # 'await' of this gives the loop one turn (asyncio.sleep(0)).
    def __await__(self):
        yield


_yield0 = _Yield0()


class Task(Future):
    def __init__(self, coro, *, loop=None, name=None, context=None):
        Future.__init__(self, loop=loop)
        if not iscoroutine(coro):
            raise TypeError('a coroutine was expected, got %r' % (coro,))
        self._coro = coro
        self._fut_waiter = None
        self._must_cancel = False
        self._num_cancels_requested = 0
        self._again = None
        # Like CPython's C Task, a named task uses up a number too.
        auto = _task_name()
        self._name = auto if name is None else str(name)
        loop = self._loop
        self._tid = 0
        if loop._tr:
            self._tid = _aio.task_new(loop._ent, '%s (%s)' % (
                self._name, coro.__qualname__))
            _aio.state(self._tid, _ST_READY, _WHY_LOOP, loop._ent, 0)
        loop.call_soon(self._step)
        _all_tasks[id(self)] = self

    def __repr__(self):
        st = self._state.lower()
        if st == 'finished' and self._exception is not None:
            extra = ' exception=%r' % (self._exception,)
        elif st == 'finished':
            extra = ' result=%r' % (self._result,)
        else:
            extra = ''
        return "<Task %s name='%s' coro=<%s()>%s>" % (
            st, self._name, self._coro.__qualname__, extra)

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def get_coro(self):
        return self._coro

    def get_stack(self, *, limit=None):
        return []

    def set_result(self, result):
        raise RuntimeError('Task does not support set_result operation')

    def set_exception(self, exception):
        raise RuntimeError('Task does not support set_exception operation')

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def cancel(self, msg=None):
        if self.done():
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def _finish(self):
        _all_tasks.pop(id(self), None)
        if self._loop._tr:
            _aio.state(self._tid, _ST_TERMINATED, _WHY_NONE, 0, 0)

    def _step(self, exc=None):
        if self._state != _PENDING:
            raise InvalidStateError('_step(): already done: %r, %r'
                                    % (self, exc))
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        self._fut_waiter = None
        loop = self._loop
        tr = loop._tr
        if tr:
            _aio.step(self._tid, loop._ent)
            _aio.state(self._tid, _ST_RUNNING, _WHY_NONE, loop._ent, 0)
            t0 = _aio.time()
        _current_tasks[loop._thread_id] = self
        try:
            if exc is None:
                result = self._coro.send(None)
            else:
                result = self._coro.throw(exc)
        except StopIteration as e:
            if self._must_cancel:
                self._must_cancel = False
                Future.cancel(self, msg=self._cancel_message)
            else:
                Future.set_result(self, e.value)
            self._finish()
        except CancelledError as e:
            Future.cancel(self, msg=e.args[0] if e.args else None)
            self._finish()
        except (KeyboardInterrupt, SystemExit) as e:
            Future.set_exception(self, e)
            self._finish()
            raise
        except BaseException as e:
            Future.set_exception(self, e)
            self._finish()
        else:
            if result is None:
                # A bare yield (asyncio.sleep(0)): run again next turn,
                # through a handle of the task's own (never exposed).
                h = self._again
                if h is None:
                    h = self._again = Handle(self._step, (), loop)
                loop._ready.append(h)
                if tr:
                    _aio.state(self._tid, _ST_READY, _WHY_LOOP, loop._ent, 0)
                return
            blocking = getattr(result, '_asyncio_future_blocking', None)
            if blocking is not None:
                if result._loop is not loop:
                    loop.call_soon(self._step, RuntimeError(
                        'Task %r got Future %r attached to a different loop'
                        % (self, result)))
                elif blocking:
                    if result is self:
                        loop.call_soon(self._step, RuntimeError(
                            'Task cannot await on itself: %r' % (self,)))
                    else:
                        result._asyncio_future_blocking = False
                        result._add_task_waiter(self)
                        self._fut_waiter = result
                        if tr:
                            if result._deadline:
                                _aio.state(self._tid, _ST_TIMED, result._why,
                                           loop._ent, result._deadline)
                            else:
                                _aio.state(self._tid, _ST_BLOCKED,
                                           result._why, loop._ent, 0)
                        if self._must_cancel:
                            if self._fut_waiter.cancel(
                                    msg=self._cancel_message):
                                self._must_cancel = False
                else:
                    loop.call_soon(self._step, RuntimeError(
                        'yield was used instead of yield from in task %r '
                        'with %r' % (self, result)))
            else:
                loop.call_soon(self._step, RuntimeError(
                    'Task got bad yield: %r' % (result,)))
        finally:
            _current_tasks[loop._thread_id] = None
            if tr:
                took = _aio.time() - t0
                if took >= loop.slow_callback_duration:
                    _aio.blocked(loop._ent, self._tid, took)

    def _wakeup(self, future):
        try:
            future.result()
        except BaseException as exc:
            self._step(exc)
        else:
            self._step()


_all_tasks = {}


def current_task(loop=None):
    if loop is None:
        loop = get_running_loop()
    return _current_tasks.get(loop._thread_id)


def all_tasks(loop=None):
    if loop is None:
        loop = get_running_loop()
    return {t for t in list(_all_tasks.values())
            if t._loop is loop and not t.done()}


def ensure_future(coro_or_future, *, loop=None):
    if isfuture(coro_or_future):
        if loop is not None and loop is not coro_or_future._loop:
            raise ValueError('The future belongs to a different loop than '
                             'the one specified as the loop argument')
        return coro_or_future
    if iscoroutine(coro_or_future):
        if loop is None:
            loop = get_event_loop()
        return loop.create_task(coro_or_future)
    if hasattr(coro_or_future, '__await__'):
        return ensure_future(_wrap_awaitable(coro_or_future), loop=loop)
    raise TypeError('An asyncio.Future, a coroutine or an awaitable '
                    'is required')


async def _wrap_awaitable(aw):
    return await aw


def create_task(coro, *, name=None, context=None):
    loop = get_running_loop()
    return loop.create_task(coro, name=name)


async def sleep(delay, result=None):
    if delay <= 0:
        await _yield0
        return result
    loop = get_running_loop()
    fut = loop.create_future()
    fut._why = _WHY_SLEEP
    fut._deadline = loop.time() + delay
    h = loop.call_later(delay, _set_result_unless_cancelled, fut, result)
    try:
        return await fut
    finally:
        h.cancel()


def run(main, *, debug=None):
    if _get_running_loop() is not None:
        raise RuntimeError(
            'asyncio.run() cannot be called from a running event loop')
    if not iscoroutine(main):
        raise ValueError('a coroutine was expected, got %r' % (main,))
    loop = new_event_loop()
    if debug is not None:
        loop.set_debug(debug)
    set_event_loop(loop)
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            _cancel_all_tasks(loop)
            loop.shutdown_default_executor()
        finally:
            set_event_loop(None)
            loop.close()


def _cancel_all_tasks(loop):
    to_cancel = all_tasks(loop)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(gather(*to_cancel, return_exceptions=True))


# ---- combinators ----

class _GatheringFuture(Future):
    def __init__(self, children, *, loop):
        Future.__init__(self, loop=loop)
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        loop = get_event_loop()
        outer = loop.create_future()
        outer.set_result([])
        return outer
    arg_to_fut = {}
    children = []
    loop = None
    for arg in coros_or_futures:
        if id(arg) not in arg_to_fut:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut._loop
            arg_to_fut[id(arg)] = fut
        else:
            fut = arg_to_fut[id(arg)]
        children.append(fut)
    nfuts = len(arg_to_fut)
    state = [0]
    outer = _GatheringFuture(children, loop=loop)

    def _done_callback(fut):
        state[0] += 1
        if outer.done():
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(fut._make_cancelled_error())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if state[0] == nfuts:
            results = []
            for f in children:
                if f.cancelled():
                    res = f._make_cancelled_error()
                else:
                    res = f.exception()
                    if res is None:
                        res = f.result()
                results.append(res)
            if outer._cancel_requested:
                outer.set_exception(fut._make_cancelled_error())
            else:
                outer.set_result(results)

    done_set = {}
    for fut in children:
        if id(fut) not in done_set:
            done_set[id(fut)] = 1
            fut.add_done_callback(_done_callback)
    return outer


def _release_waiter(waiter, *args):
    if not waiter.done():
        waiter.set_result(None)


async def _cancel_and_wait(fut, loop):
    waiter = loop.create_future()
    cb = lambda f: _release_waiter(waiter)
    fut.add_done_callback(cb)
    try:
        fut.cancel()
        await waiter
    finally:
        fut.remove_done_callback(cb)


async def wait_for(fut, timeout):
    loop = get_running_loop()
    if timeout is None:
        return await fut
    if timeout <= 0:
        fut = ensure_future(fut, loop=loop)
        if fut.done():
            return fut.result()
        await _cancel_and_wait(fut, loop)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    waiter = loop.create_future()
    waiter._deadline = loop.time() + timeout
    timeout_handle = loop.call_later(timeout, _release_waiter, waiter)
    cb = lambda f: _release_waiter(waiter)
    fut = ensure_future(fut, loop=loop)
    fut.add_done_callback(cb)
    try:
        try:
            await waiter
        except CancelledError:
            if fut.done():
                return fut.result()
            fut.remove_done_callback(cb)
            await _cancel_and_wait(fut, loop)
            raise
        if fut.done():
            return fut.result()
        fut.remove_done_callback(cb)
        await _cancel_and_wait(fut, loop)
        try:
            return fut.result()
        except CancelledError as exc:
            raise TimeoutError() from exc
    finally:
        timeout_handle.cancel()


async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError('expect a list of futures, not %s' % type(fs).__name__)
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED):
        raise ValueError('Invalid return_when value: %s' % return_when)
    loop = get_running_loop()
    fs = set(fs)
    if any(iscoroutine(f) for f in fs):
        raise TypeError('Passing coroutines is forbidden, use tasks '
                        'explicitly.')
    counter = [len(fs)]
    waiter = loop.create_future()
    timeout_handle = None
    if timeout is not None:
        waiter._deadline = loop.time() + timeout
        timeout_handle = loop.call_later(timeout, _release_waiter, waiter)

    def _on_completion(f):
        counter[0] -= 1
        if (counter[0] <= 0 or return_when == FIRST_COMPLETED or
                (return_when == FIRST_EXCEPTION and not f.cancelled() and
                 f.exception() is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    done, pending = set(), set()
    for f in fs:
        if f.done():
            done.add(f)
        else:
            pending.add(f)
    return done, pending


def as_completed(fs, *, timeout=None):
    if isfuture(fs) or iscoroutine(fs):
        raise TypeError('expect an iterable of futures, not %s'
                        % type(fs).__name__)
    loop = get_event_loop()
    todo = {}
    for f in fs:
        f = ensure_future(f, loop=loop)
        todo[id(f)] = f
    done = Queue()
    handle = [None]

    def _on_timeout():
        for f in todo.values():
            f.remove_done_callback(_on_completion)
            done.put_nowait(None)
        todo.clear()

    def _on_completion(f):
        if not todo:
            return
        todo.pop(id(f), None)
        done.put_nowait(f)
        if not todo and handle[0] is not None:
            handle[0].cancel()

    async def _wait_for_one():
        f = await done.get()
        if f is None:
            raise TimeoutError
        return f.result()

    for f in todo.values():
        f.add_done_callback(_on_completion)
    if todo and timeout is not None:
        handle[0] = loop.call_later(timeout, _on_timeout)
    return [_wait_for_one() for _ in range(len(todo))]


class Timeout:
    # async with asyncio.timeout(delay): cancel the task at the deadline and
    # turn its CancelledError into TimeoutError on the way out.
    def __init__(self, when):
        self._when = when
        self._state = 'created'
        self._handle = None
        self._task = None
        self._cancelling = 0

    def __repr__(self):
        return '<Timeout [%s] when=%r>' % (self._state, self._when)

    def when(self):
        return self._when

    def expired(self):
        return self._state in ('expiring', 'expired')

    def reschedule(self, when):
        if self._state != 'entered':
            raise RuntimeError('Timeout has not been entered')
        if self._handle is not None:
            self._handle.cancel()
        self._when = when
        if when is None:
            self._handle = None
        else:
            loop = get_running_loop()
            if when <= loop.time():
                self._handle = loop.call_soon(self._on_timeout)
            else:
                self._handle = loop.call_at(when, self._on_timeout)

    async def __aenter__(self):
        self._state = 'entered'
        self._task = current_task()
        if self._task is None:
            raise RuntimeError('Timeout should be used inside a task')
        self._cancelling = self._task.cancelling()
        self.reschedule(self._when)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._state == 'expiring':
            self._state = 'expired'
            if (self._task.uncancel() <= self._cancelling and
                    exc_type is CancelledError):
                raise TimeoutError from exc_val
        elif self._state == 'entered':
            self._state = 'exited'
        return None

    def _on_timeout(self):
        self._task.cancel()
        self._state = 'expiring'
        self._handle = None


def timeout(delay):
    loop = get_running_loop()
    return Timeout(loop.time() + delay if delay is not None else None)


def timeout_at(when):
    return Timeout(when)


def shield(arg):
    inner = ensure_future(arg)
    if inner.done():
        return inner
    loop = inner._loop
    outer = loop.create_future()

    def _inner_done(inner):
        if outer.cancelled():
            return
        if inner.cancelled():
            outer.cancel()
        elif inner.exception() is not None:
            outer.set_exception(inner.exception())
        else:
            outer.set_result(inner.result())

    def _outer_done(outer):
        if not inner.done():
            inner.remove_done_callback(_inner_done)

    inner.add_done_callback(_inner_done)
    outer.add_done_callback(_outer_done)
    return outer


async def to_thread(func, *args, **kwargs):
    loop = get_running_loop()
    return await loop.run_in_executor(None, lambda: func(*args, **kwargs))


def run_coroutine_threadsafe(coro, loop):
    raise NotImplementedError('run_coroutine_threadsafe')


# ---- synchronization ----

class _Waiters:
    # The futures of the tasks waiting on a primitive, first in first out.
    def __init__(self):
        self._l = []

    def __len__(self):
        return len(self._l)

    def __bool__(self):
        return len(self._l) > 0

    def __iter__(self):
        return iter(list(self._l))

    def append(self, f):
        self._l.append(f)

    def remove(self, f):
        self._l.remove(f)

    def first(self):
        return self._l[0]

    def popleft(self):
        return self._l.pop(0)


def _new_waiter(why):
    fut = get_running_loop().create_future()
    fut._why = why
    return fut


class Lock:
    def __init__(self):
        self._waiters = _Waiters()
        self._locked = False

    def __repr__(self):
        extra = 'locked' if self._locked else 'unlocked'
        if self._waiters:
            extra = '%s, waiters:%d' % (extra, len(self._waiters))
        return '<asyncio.locks.Lock object [%s]>' % extra

    def locked(self):
        return self._locked

    async def acquire(self):
        if not self._locked and all(w.cancelled() for w in self._waiters):
            self._locked = True
            return True
        fut = _new_waiter(_WHY_LOCK)
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not self._locked:
                self._wake_up_first()
            raise
        self._locked = True
        return True

    def release(self):
        if self._locked:
            self._locked = False
            self._wake_up_first()
        else:
            raise RuntimeError('Lock is not acquired.')

    def _wake_up_first(self):
        if not self._waiters:
            return
        fut = self._waiters.first()
        if not fut.done():
            fut.set_result(True)

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Event:
    def __init__(self):
        self._waiters = _Waiters()
        self._value = False

    def __repr__(self):
        return '<asyncio.locks.Event object [%s]>' % (
            'set' if self._value else 'unset')

    def is_set(self):
        return self._value

    def set(self):
        if not self._value:
            self._value = True
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(True)

    def clear(self):
        self._value = False

    async def wait(self):
        if self._value:
            return True
        fut = _new_waiter(_WHY_EVENT)
        self._waiters.append(fut)
        try:
            await fut
            return True
        finally:
            self._waiters.remove(fut)


class Condition:
    def __init__(self, lock=None):
        if lock is None:
            lock = Lock()
        self._lock = lock
        self.locked = lock.locked
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = _Waiters()

    async def __aenter__(self):
        await self._lock.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self._lock.release()

    async def wait(self):
        if not self.locked():
            raise RuntimeError('cannot wait on un-acquired lock')
        self.release()
        try:
            fut = _new_waiter(_WHY_CONDITION)
            self._waiters.append(fut)
            try:
                await fut
                return True
            finally:
                self._waiters.remove(fut)
        finally:
            cancelled = False
            while True:
                try:
                    await self.acquire()
                    break
                except CancelledError:
                    cancelled = True
            if cancelled:
                raise CancelledError

    async def wait_for(self, predicate):
        result = predicate()
        while not result:
            await self.wait()
            result = predicate()
        return result

    def notify(self, n=1):
        if not self.locked():
            raise RuntimeError('cannot notify on un-acquired lock')
        idx = 0
        for fut in self._waiters:
            if idx >= n:
                break
            if not fut.done():
                idx += 1
                fut.set_result(False)

    def notify_all(self):
        self.notify(len(self._waiters))


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError('Semaphore initial value must be >= 0')
        self._waiters = None
        self._value = value

    def __repr__(self):
        extra = 'locked' if self.locked() else 'unlocked, value:%d' % (
            self._value)
        if self._waiters:
            extra = '%s, waiters:%d' % (extra, len(self._waiters))
        return '<asyncio.locks.%s object [%s]>' % (type(self).__name__,
                                                    extra)

    def locked(self):
        return self._value == 0 or (
            any(not w.cancelled() for w in (self._waiters or ())))

    async def acquire(self):
        if not self.locked():
            self._value -= 1
            return True
        if self._waiters is None:
            self._waiters = _Waiters()
        fut = _new_waiter(_WHY_SEMAPHORE)
        self._waiters.append(fut)
        try:
            try:
                await fut
            finally:
                self._waiters.remove(fut)
        except CancelledError:
            if not fut.cancelled():
                self._value += 1
                self._wake_up_next()
            raise
        if self._value > 0:
            self._wake_up_next()
        return True

    def release(self):
        self._value += 1
        self._wake_up_next()

    def _wake_up_next(self):
        if not self._waiters:
            return False
        for fut in self._waiters:
            if not fut.done():
                self._value -= 1
                fut.set_result(True)
                return True
        return False

    async def __aenter__(self):
        await self.acquire()
        return None

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        self._bound_value = value
        Semaphore.__init__(self, value)

    def release(self):
        if self._value >= self._bound_value:
            raise ValueError('BoundedSemaphore released too many times')
        Semaphore.release(self)


# ---- queues ----

class Queue:
    def __init__(self, maxsize=0):
        self._maxsize = maxsize
        self._getters = _Waiters()
        self._putters = _Waiters()
        self._unfinished_tasks = 0
        self._finished = Event()
        self._finished.set()
        self._init(maxsize)

    def _init(self, maxsize):
        self._queue = []
        self._head = 0

    def _get(self):
        item = self._queue[self._head]
        self._queue[self._head] = None
        self._head += 1
        if self._head > 64 and self._head * 2 > len(self._queue):
            del self._queue[:self._head]
            self._head = 0
        return item

    def _put(self, item):
        self._queue.append(item)

    def _wakeup_next(self, waiters):
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    def __repr__(self):
        return '<Queue maxsize=%r>' % (self._maxsize,)

    @property
    def maxsize(self):
        return self._maxsize

    def qsize(self):
        return len(self._queue) - self._head

    def empty(self):
        return self.qsize() == 0

    def full(self):
        if self._maxsize <= 0:
            return False
        return self.qsize() >= self._maxsize

    async def put(self, item):
        while self.full():
            putter = _new_waiter(_WHY_QUEUE)
            self._putters.append(putter)
            try:
                await putter
            except BaseException:
                putter.cancel()
                try:
                    self._putters.remove(putter)
                except ValueError:
                    pass
                if not self.full() and not putter.cancelled():
                    self._wakeup_next(self._putters)
                raise
        return self.put_nowait(item)

    def put_nowait(self, item):
        if self.full():
            raise QueueFull
        self._put(item)
        self._unfinished_tasks += 1
        self._finished.clear()
        self._wakeup_next(self._getters)

    async def get(self):
        while self.empty():
            getter = _new_waiter(_WHY_QUEUE)
            self._getters.append(getter)
            try:
                await getter
            except BaseException:
                getter.cancel()
                try:
                    self._getters.remove(getter)
                except ValueError:
                    pass
                if not self.empty() and not getter.cancelled():
                    self._wakeup_next(self._getters)
                raise
        return self.get_nowait()

    def get_nowait(self):
        if self.empty():
            raise QueueEmpty
        item = self._get()
        self._wakeup_next(self._putters)
        return item

    def task_done(self):
        if self._unfinished_tasks <= 0:
            raise ValueError('task_done() called too many times')
        self._unfinished_tasks -= 1
        if self._unfinished_tasks == 0:
            self._finished.set()

    async def join(self):
        if self._unfinished_tasks > 0:
            await self._finished.wait()


class LifoQueue(Queue):
    def _get(self):
        return self._queue.pop()

    def qsize(self):
        return len(self._queue)


class PriorityQueue(Queue):
    def _init(self, maxsize):
        self._queue = []
        self._head = 0
        self._n = 0

    def _put(self, item):
        self._n += 1
        _heappush(self._queue, (item, self._n, item))

    def _get(self):
        return _heappop(self._queue)[2]

    def qsize(self):
        return len(self._queue)


# ---- streams on TCP sockets ----

_WHY_IO = 10


class _SockName:
    # What server.sockets holds: enough for getsockname().
    def __init__(self, fd):
        self._fd = fd

    def getsockname(self):
        return _aio.sock_name(self._fd, False)

    def fileno(self):
        return self._fd


class StreamReader:
    def __init__(self, limit=65536, loop=None):
        self._limit = limit
        self._loop = loop if loop is not None else get_event_loop()
        self._buffer = b''
        self._eof = False
        self._waiter = None
        self._exception = None
        self._transport = None

    def __repr__(self):
        return '<StreamReader>'

    def exception(self):
        return self._exception

    def set_exception(self, exc):
        self._exception = exc
        self._wakeup_waiter()

    def _wakeup_waiter(self):
        w = self._waiter
        if w is not None:
            self._waiter = None
            if not w.cancelled():
                w.set_result(None)

    def feed_eof(self):
        self._eof = True
        self._wakeup_waiter()

    def at_eof(self):
        return self._eof and not self._buffer

    def feed_data(self, data):
        if not data:
            return
        self._buffer = self._buffer + data
        self._wakeup_waiter()

    async def _wait_for_data(self, func_name):
        if self._waiter is not None:
            raise RuntimeError('%s() called while another coroutine is '
                               'already waiting for incoming data'
                               % func_name)
        self._waiter = self._loop.create_future()
        self._waiter._why = _WHY_IO
        try:
            await self._waiter
        finally:
            self._waiter = None

    async def read(self, n=-1):
        if self._exception is not None:
            raise self._exception
        if n == 0:
            return b''
        if n < 0:
            blocks = []
            while True:
                block = await self.read(self._limit)
                if not block:
                    break
                blocks.append(block)
            r = b''
            for b in blocks:
                r = r + b
            return r
        if not self._buffer and not self._eof:
            await self._wait_for_data('read')
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return data

    async def readexactly(self, n):
        if n < 0:
            raise ValueError('readexactly size can not be less than zero')
        if self._exception is not None:
            raise self._exception
        while len(self._buffer) < n:
            if self._eof:
                incomplete = self._buffer
                self._buffer = b''
                raise IncompleteReadError(incomplete, n)
            await self._wait_for_data('readexactly')
        data = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return data

    async def readuntil(self, separator=b'\n'):
        if not separator:
            raise ValueError('Separator should be at least one-byte string')
        if self._exception is not None:
            raise self._exception
        offset = 0
        while True:
            i = _aio.find(self._buffer, separator, offset)
            if i >= 0:
                break
            offset = len(self._buffer) - len(separator) + 1
            if offset < 0:
                offset = 0
            if self._eof:
                chunk = self._buffer
                self._buffer = b''
                raise IncompleteReadError(chunk, None)
            await self._wait_for_data('readuntil')
        end = i + len(separator)
        data = self._buffer[:end]
        self._buffer = self._buffer[end:]
        return data

    async def readline(self):
        try:
            return await self.readuntil(b'\n')
        except IncompleteReadError as e:
            return e.partial

    def __aiter__(self):
        return self

    async def __anext__(self):
        val = await self.readline()
        if val == b'':
            raise StopAsyncIteration
        return val


class IncompleteReadError(EOFError):
    def __init__(self, partial, expected):
        r_expected = 'undefined' if expected is None else repr(expected)
        EOFError.__init__(self, '%d bytes read on a total of %s expected '
                          'bytes' % (len(partial), r_expected))
        self.partial = partial
        self.expected = expected


class _Transport:
    # A connected socket: reads feed the StreamReader, writes are buffered
    # and flushed when the socket is writable.
    def __init__(self, loop, fd, reader):
        self._loop = loop
        self._fd = fd
        self._reader = reader
        self._wbuf = b''
        self._closing = False
        self._closed = False
        self._eof_after = False
        self._drain_waiters = []
        self._close_waiters = []
        reader._transport = self
        loop.add_reader(fd, self._on_readable)

    def _on_readable(self):
        try:
            data = _aio.sock_recv(self._fd, 65536)
        except OSError as e:
            self._reader.set_exception(e)
            self._loop.remove_reader(self._fd)
            return
        if data is None:
            return
        if data:
            self._reader.feed_data(data)
        else:
            self._loop.remove_reader(self._fd)
            self._reader.feed_eof()

    def write(self, data):
        if self._closing:
            return
        if not self._wbuf:
            try:
                n = _aio.sock_send(self._fd, data)
            except OSError:
                self._force_close()
                return
            data = data[n:]
            if not data:
                return
            self._loop.add_writer(self._fd, self._on_writable)
        self._wbuf = self._wbuf + data

    def _on_writable(self):
        try:
            n = _aio.sock_send(self._fd, self._wbuf)
        except OSError:
            self._force_close()
            return
        self._wbuf = self._wbuf[n:]
        if not self._wbuf:
            self._loop.remove_writer(self._fd)
            for w in self._drain_waiters:
                if not w.done():
                    w.set_result(None)
            self._drain_waiters = []
            if self._eof_after:
                _aio.sock_shutdown_write(self._fd)
            if self._closing:
                self._force_close()

    def write_eof(self):
        if self._wbuf:
            self._eof_after = True
        else:
            _aio.sock_shutdown_write(self._fd)

    def close(self):
        if self._closing:
            return
        self._closing = True
        if not self._wbuf:
            self._force_close()

    def _force_close(self):
        if self._closed:
            return
        self._closing = True
        self._closed = True
        self._loop.remove_reader(self._fd)
        self._loop.remove_writer(self._fd)
        _aio.sock_close(self._fd)
        if not self._reader._eof:
            self._reader.feed_eof()
        for w in self._drain_waiters + self._close_waiters:
            if not w.done():
                w.set_result(None)
        self._drain_waiters = []
        self._close_waiters = []


class StreamWriter:
    def __init__(self, transport, reader, loop):
        self._transport = transport
        self._reader = reader
        self._loop = loop

    def __repr__(self):
        return '<StreamWriter>'

    @property
    def transport(self):
        return self._transport

    def write(self, data):
        self._transport.write(data)

    def writelines(self, data):
        for d in data:
            self._transport.write(d)

    def write_eof(self):
        self._transport.write_eof()

    def can_write_eof(self):
        return True

    def close(self):
        self._transport.close()

    def is_closing(self):
        return self._transport._closing

    async def wait_closed(self):
        t = self._transport
        if not t._closed:
            fut = self._loop.create_future()
            fut._why = _WHY_IO
            t._close_waiters.append(fut)
            await fut

    async def drain(self):
        t = self._transport
        if self._reader._exception is not None:
            raise self._reader._exception
        if t._wbuf and not t._closed:
            fut = self._loop.create_future()
            fut._why = _WHY_IO
            t._drain_waiters.append(fut)
            await fut
        if t._closed and t._wbuf:
            raise ConnectionResetError('Connection lost')

    def get_extra_info(self, name, default=None):
        try:
            if name == 'peername':
                return _aio.sock_name(self._transport._fd, True)
            if name == 'sockname':
                return _aio.sock_name(self._transport._fd, False)
        except OSError:
            return default
        return default


class ConnectionResetError(OSError):
    pass


def _streams(loop, fd, limit):
    reader = StreamReader(limit=limit, loop=loop)
    transport = _Transport(loop, fd, reader)
    return reader, StreamWriter(transport, reader, loop)


async def open_connection(host=None, port=None, *, limit=65536, **kwds):
    loop = get_running_loop()
    fd, connected = _aio.sock_connect(host, port)
    if not connected:
        fut = loop.create_future()
        fut._why = _WHY_IO
        loop.add_writer(fd, _release_waiter, fut)
        try:
            await fut
        except BaseException:
            loop.remove_writer(fd)
            _aio.sock_close(fd)
            raise
        loop.remove_writer(fd)
        try:
            _aio.sock_error(fd)
        except OSError as e:
            _aio.sock_close(fd)
            raise OSError('Connect call failed %r' % ((host, port),))
    return _streams(loop, fd, limit)


class Server:
    def __init__(self, loop, fd, cb, limit):
        self._loop = loop
        self._fd = fd
        self._cb = cb
        self._limit = limit
        self._serving = False
        self._closed_fut = None
        self._handlers = []
        self.sockets = (_SockName(fd),)

    def __repr__(self):
        return '<Server sockets=%r>' % (self.sockets,)

    def get_loop(self):
        return self._loop

    def is_serving(self):
        return self._serving

    async def start_serving(self):
        self._start()

    def _start(self):
        if not self._serving and self._fd is not None:
            self._serving = True
            self._loop.add_reader(self._fd, self._on_accept)

    def _on_accept(self):
        while True:
            fd = _aio.sock_accept(self._fd)
            if fd is None:
                return
            reader, writer = _streams(self._loop, fd, self._limit)
            res = self._cb(reader, writer)
            if iscoroutine(res):
                self._handlers.append(self._loop.create_task(res))

    def close(self):
        if self._fd is None:
            return
        self._loop.remove_reader(self._fd)
        _aio.sock_close(self._fd)
        self._fd = None
        self._serving = False
        self.sockets = ()
        if self._closed_fut is not None and not self._closed_fut.done():
            self._closed_fut.set_result(None)

    async def wait_closed(self):
        if self._fd is None:
            return
        if self._closed_fut is None:
            self._closed_fut = self._loop.create_future()
            self._closed_fut._why = _WHY_IO
        await self._closed_fut

    async def serve_forever(self):
        self._start()
        if self._closed_fut is None:
            self._closed_fut = self._loop.create_future()
            self._closed_fut._why = _WHY_IO
        try:
            await self._closed_fut
        finally:
            self.close()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        self.close()
        await self.wait_closed()


async def start_server(client_connected_cb, host=None, port=None, *,
                       limit=65536, backlog=100, start_serving=True, **kwds):
    loop = get_running_loop()
    fd = _aio.sock_listen(host, port if port is not None else 0, backlog)
    server = Server(loop, fd, client_connected_cb, limit)
    if start_serving:
        server._start()
        await sleep(0)
    return server


_main_ident = _thread.get_ident()
