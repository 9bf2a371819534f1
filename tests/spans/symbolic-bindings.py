def direct(items=[]):
    items.append(1)


def through_a_name(items=[]):
    alias = items
    alias.append(2)
