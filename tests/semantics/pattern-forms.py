# ruleid: any-import
import os
# ruleid: any-import, from-import
import a.b
# ruleid: any-import, from-import
from pickle import loads
# ruleid: any-import, from-import
from json import (dumps, loads)

# ruleid: repr-in-fstring
title = f"user {name!r} logged in"
# ok: repr-in-fstring
token = f"{seed:08x}"
# ok: repr-in-fstring
plain = f"{name}"

# ruleid: catches-value-error
try:
    run()
except ValueError:
    pass

# ok: str-in-tuple
isinstance(x, str)
# ruleid: str-in-tuple
isinstance(x, (bytes, str))

# ruleid: env-assigned
secret: str = os.environ.get("SECRET")

# ruleid: list-comp
total = sum(n for n in numbers)
# ok: list-comp
lazy = (n for n in numbers)

# ruleid: deep-positional
open("/srv/" + request.args["f"])
# ok: deep-positional
open("/srv/log", encoding=request.args["enc"])
