def tokens(cfg, data):
    sign(
        data,
        # ruleid: literal-in-key-argument
        cfg["key"],
        # ok: literal-in-key-argument
        mode="fast",
    )
    # ruleid: literal-in-key-argument
    sign(data, "k")
    sign(
        # ok: literal-in-key-argument
        "data",
        # ruleid: literal-in-key-argument
        derive("salt"),
    )
    # ok: literal-in-key-argument
    sign(data, cfg.key, "extra")
