def usage_percent(used, quota):
    # ruleid: hundred-over
    return used * 100 / quota


def usage_percent_grouped(used, quota):
    # ruleid: times-hundred
    return (used * 100) / quota


def last_page(count, per_page):
    # ruleid: minus-one
    return count - 1 + per_page
