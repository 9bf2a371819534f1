import httpx as client
import requests as http
from requests import api as requests_api


def fetch_rates(url):
    # ruleid: requests-without-tls-check
    rates = http.get(url, verify=False)
    # ok: requests-without-tls-check
    fallback = client.get(url, verify=False)
    # ok: requests-without-tls-check
    legacy = requests_api.get(url, verify=False)
    return rates, fallback, legacy
