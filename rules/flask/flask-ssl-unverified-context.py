import socket
import ssl
import urllib.request


def fetch(url):
    # ruleid: flask-ssl-unverified-context
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=ctx, timeout=5) as resp:
        return resp.read()


def fetch_verified(url):
    # ok: flask-ssl-unverified-context
    ctx = ssl.create_default_context()
    with urllib.request.urlopen(url, context=ctx, timeout=5) as resp:
        return resp.read()


def lax_context():
    ctx = ssl.create_default_context()
    # ruleid: flask-ssl-unverified-context
    ctx.check_hostname = False
    # ruleid: flask-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def strict_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: flask-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ok: flask-ssl-unverified-context
    ctx.check_hostname = True
    return ctx


def raw_socket(host):
    sock = socket.create_connection((host, 443))
    # ruleid: flask-ssl-unverified-context
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)


# ruleid: flask-ssl-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context
