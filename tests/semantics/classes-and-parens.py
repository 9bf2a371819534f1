# ruleid: both-flags
ready = (
    loaded and valid
)
run(
    # ruleid: both-flags
    fast and safe
)
# ruleid: both-flags
checked = (
    # a comment inside the parentheses
    signed and fresh
)


# ruleid: first-base
class Form(BaseForm, Mixin):
    pass


# ruleid: first-base
class Meta(Base, metaclass=Registry):
    pass


# ok: first-base
class Plain:
    pass


class Helpers:
    # ok: any-decorator
    @staticmethod
    def clean(value):
        return value

    # ruleid: any-decorator
    @classmethod
    def build(cls):
        return cls()

    # ruleid: any-decorator
    @property
    def name(self):
        return "x"
