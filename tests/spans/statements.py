import contextlib
from os.path import (
    join,
    exists,
)


@contextlib.contextmanager
def opened(path):
    yield path


class Store:
    @staticmethod
    def make(a, b):
        return a + b

    @classmethod
    def build(cls):
        return cls()

    @property
    def size(self):
        return 1

    def run(self, items, flag, path):
        for item in items:
            print(item)
        else:
            print("done")
        while flag:
            flag = False
        else:
            print("stopped")
        with open(path) as fh, opened(path) as other:
            fh.write(other)
        async_ok = None
        with (open(path) as fh):
            fh.read()
        with opened(path):
            pass
        del items, flag
        assert path
        assert path, "a path is required"
        first = second = None
        self.cache = cache = {}
        self.size_hint: int = 0
        limit: int = 10
        if (n := len(path)) > 3:
            print(n)
        try:
            raise ValueError("bad") from None
        except ValueError:
            pass
        mode = "rb" if flag else "r"
        salt = b"pepper"
        banner = "-" * limit
        return first, second, cache, async_ok, mode, salt, banner


@dataclass
class Point:
    x: int = 0


@app.route("/")
@login_required
def index():
    return "ok"
