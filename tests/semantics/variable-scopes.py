# ok: token-sent-after-assignment
shadowed = "module"

def local_shadow():
    # ruleid: token-sent-after-assignment
    shadowed = "local"
    send(shadowed)

# ruleid: token-sent-after-assignment
read_only = "module"

def reads_module():
    send(read_only)

# ruleid: token-sent-after-assignment
declared_global = "module"

def global_statement():
    global declared_global
    send(declared_global)

# ok: token-sent-after-assignment
param = "module"

def parameter(param):
    send(param)

# ok: token-sent-after-assignment
holder = "module"

def attribute_target():
    holder.extra = 1
    send(holder)

# ok: token-sent-after-assignment
item = "module"

def loop_target(items):
    for item in items:
        send(item)

def annotated():
    # ok: token-sent-after-assignment
    label = "x"
    # ruleid: token-sent-after-assignment
    label: str = "y"
    send(label)

def comprehension():
    # ruleid: token-sent-after-assignment
    word = "x"
    send([word for word in ()])
    send(word)

def nested():
    # ruleid: token-sent-after-assignment
    key = "outer"
    def inner():
        send(key)
    def inner_local():
        # ruleid: token-sent-after-assignment
        key = "inner"
        send(key)

class Holder:
    # ruleid: token-sent-after-assignment
    name = "attr"
    send(name)

def except_name():
    # ok: token-sent-after-assignment
    err = "x"
    try:
        pass
    except Exception as err:
        send(err)
