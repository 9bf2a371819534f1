import pickle
import yaml

db_timeout = 30
cache_retries = 3
unrelated = 4


def handler(blob, text):
    data = pickle.loads(blob)
    config = yaml.load(text)
    fetch("http://example.com/a")
    fetch("https://example.com/b")
    fetch("ftp://example.com/c")
    return data, config
