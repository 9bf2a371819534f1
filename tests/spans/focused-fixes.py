def handler(client, other):
    client.fetch("plain://example.org/a")
    client.fetch("plain://internal/b")
    client.fetch(other)
    target = "plain://example.org/c"
    client.send(target)
    client.send("https://example.org/d")
